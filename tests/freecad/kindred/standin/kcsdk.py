"""Stand-in for Kindred Create's ``kcsdk`` (its C++ SDK module), enough for SiloMod's tests.

Kindred Create cannot be installed on the test machines. This module behaves as Kindred documents
its editing-context resolver to behave: it follows FreeCAD's editing state, names the current
context by an id, and calls every callable registered with on_context_changed synchronously, on
the GUI thread, with a dict snapshot of the new context. Ids are Kindred's where documented
(partdesign.body, partdesign.feature, partdesign.in_assembly, assembly.edit); a sketch's id is not
documented, so this one is made up on purpose: SiloMod must not depend on it.
"""

import FreeCAD
import FreeCADGui

SKETCH_ID = "standin.sketch_edit"
DOCUMENT_ID = "standin.document"

_callbacks = []
_current = {"id": DOCUMENT_ID, "label": "Document", "object": None, "document": None}
_observer = None


def on_context_changed(callback):
    """Registers ``callback(context_dict)``; the resolver starts following FreeCAD on the first one."""
    global _observer
    _callbacks.append(callback)
    if _observer is None:
        _observer = _EditObserver()
        FreeCADGui.addDocumentObserver(_observer)
        refresh()


def current_context():
    return dict(_current)


def refresh():
    """Resolves the context again (Kindred also does when the active body changes, which FreeCAD
    tells C++ but not Python: tests call this after activating a body)."""
    global _current
    new = _resolve()
    if new == _current:
        return
    _current = new
    for callback in list(_callbacks):
        callback(dict(new))


def _resolve():
    gui_doc = FreeCADGui.ActiveDocument
    if gui_doc is None:
        return {"id": DOCUMENT_ID, "label": "Document", "object": None, "document": None}
    doc = gui_doc.Document
    view = gui_doc.ActiveView
    body = view.getActiveObject("pdbody") if view is not None and hasattr(view, "getActiveObject") else None
    vp = gui_doc.getInEdit()
    edited = None
    if vp is not None:
        edited = getattr(vp, "Object", None) or next((o for o in doc.Objects if o.ViewObject is vp), None)
    if edited is not None and edited.TypeId == "Sketcher::SketchObject":
        return _context(SKETCH_ID, "Sketch", edited, doc)
    if edited is not None and edited.TypeId.startswith("PartDesign::"):
        return _context("partdesign.feature", "Feature", edited, doc)
    if edited is not None and edited.TypeId == "Assembly::AssemblyObject":
        if body is not None:
            return _context("partdesign.in_assembly", "Body in assembly", body, doc)
        return _context("assembly.edit", "Assembly", edited, doc)
    if body is not None:
        # A body that belongs to an assembly is edited inside it, whether or not the assembly is in edit mode.
        if any(o.TypeId == "Assembly::AssemblyObject" for o in body.InList):
            return _context("partdesign.in_assembly", "Body in assembly", body, doc)
        return _context("partdesign.body", "Body", body, doc)
    return {"id": DOCUMENT_ID, "label": "Document", "object": None, "document": doc.Name}


def _context(context_id, label, obj, doc):
    return {"id": context_id, "label": label, "object": obj.Name, "document": doc.Name}


class _EditObserver:
    def slotInEdit(self, vp):
        refresh()

    def slotResetEdit(self, vp):
        refresh()
