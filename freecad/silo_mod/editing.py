"""FreeCAD's editing state, read and changed in one place: the core's IContextHost.

The core (SiloMod.Core.EditSessions.ContextFollower) calls it on the GUI thread to read the facts
of a document (the object in edit mode, the active PartDesign body, Kindred Create's context) and
to carry out what it decided (back out of an edit, show a dialog, save, reopen). It decides nothing.
"""

import FreeCAD

from . import document

#: ActiveView's keys of the active PartDesign body and of the assembly in edit mode (FreeCAD 1.x).
ACTIVE_BODY, ACTIVE_ASSEMBLY = "pdbody", "assembly"
BODY_TYPE = "PartDesign::Body"


def _gui_document(doc):
    import FreeCADGui

    return FreeCADGui.getDocument(doc.Name) if doc is not None else None


def _view(doc):
    gui_doc = _gui_document(doc)
    view = gui_doc.ActiveView if gui_doc is not None else None
    return view if view is not None and hasattr(view, "getActiveObject") else None


def object_of(doc, view_provider):
    """The document object a view provider shows. FreeCAD 1.x's assembly view provider has no
    ``.Object``: the object is found through its ViewObject, or as the view's active assembly."""
    if view_provider is None:
        return None
    obj = getattr(view_provider, "Object", None)
    if obj is not None:
        return obj
    for candidate in doc.Objects:
        if getattr(candidate, "ViewObject", None) is view_provider:
            return candidate
    view = _view(doc)
    return view.getActiveObject(ACTIVE_ASSEMBLY) if view is not None else None


def edited_object(doc):
    """The object in edit mode in ``doc`` (a sketch, a feature's task dialog, an assembly), or None."""
    gui_doc = _gui_document(doc)
    return object_of(doc, gui_doc.getInEdit()) if gui_doc is not None else None


def active_body(doc):
    """The active PartDesign body (FreeCAD raises no signal when it changes: the source polls)."""
    view = _view(doc)
    return view.getActiveObject(ACTIVE_BODY) if view is not None else None


def owning_body(obj):
    """The PartDesign body ``obj`` is or belongs to, or None."""
    if obj.TypeId == BODY_TYPE:
        return obj
    parent = obj.getParentGeoFeatureGroup() if hasattr(obj, "getParentGeoFeatureGroup") else None
    return parent if parent is not None and parent.TypeId == BODY_TYPE else None


def active_gui_document():
    """The document of the active GUI tab, or None."""
    try:
        import FreeCADGui
    except ImportError:
        return None
    gui_doc = FreeCADGui.ActiveDocument
    return gui_doc.Document if gui_doc is not None else None


def facts(doc, kindred_context=None):
    """What FreeCAD shows of ``doc`` as the core's record, with its graph (the core computes the cones
    from it) and Kindred's context dict when there is one."""
    from SiloMod.Core.EditSessions import BodyFact, ContextFacts, EditedObject

    def body_fact(body):
        return BodyFact(body.Name, None, strings(o.Name for o in body.Group)) if body is not None else None

    edited = edited_object(doc)
    in_edit = EditedObject(edited.TypeId, edited.Name, None, body_fact(owning_body(edited))) if edited is not None else None
    return ContextFacts(doc.Name, document.part_number(doc), document.file_path(doc), document.modified(doc), in_edit,
                        body_fact(active_body(doc)), False, _kindred(kindred_context), _dag(document.extract_dag(doc)))


def _kindred(context):
    """Kindred's context dict as reported: its id, and the other entries as text."""
    if not isinstance(context, dict) or not context.get("id"):
        return None
    from SiloMod.Core.EditSessions import KindredContext
    from System import String
    from System.Collections.Generic import Dictionary

    details = Dictionary[String, String]()
    for key, value in context.items():
        if key != "id" and value is not None:
            details[str(key)] = str(value)
    return KindredContext(str(context["id"]), details)


def strings(values):
    from System import Array, String

    return Array[String](list(values))


def _dag(dag):
    from Silo.Protocol.Checkpoints import Dag, DagEdge, DagNode
    from System import Array

    nodes = Array[DagNode]([DagNode(n["id"], n["type"], n["label"]) for n in dag["nodes"]])
    return Dag(nodes, Array[DagEdge]([DagEdge(e["from"], e["to"]) for e in dag["edges"]]))


_HOST_TYPE = None


def host(source):
    """The core's IContextHost over FreeCAD for ``source`` (its dialogs, its Kindred hooks, its deferral)."""
    global _HOST_TYPE
    if _HOST_TYPE is None:
        _HOST_TYPE = _host_type()
    return _HOST_TYPE(source)


def _host_type():
    # Made once .NET is loaded; a second class of the same .NET name would be refused.
    from SiloMod.Core.EditSessions import ContextGlance, ContextMessage, IContextHost, SavedDocument, StaleChoice

    def opened(name):
        return FreeCAD.listDocuments().get(name)

    class FreeCadContextHost(IContextHost):
        __namespace__ = "SiloMod.FreeCad"

        def __init__(self, source):
            super().__init__()
            self._source = source

        def Read(self, name):  # noqa: N802 - .NET's names
            doc = opened(name)
            return facts(doc, self._source.kindred_context()) if doc is not None else None

        def Glance(self, name):  # noqa: N802
            doc = opened(name)
            if doc is None:
                return None
            edited, body = edited_object(doc), active_body(doc)
            return ContextGlance(getattr(edited, "Name", None), getattr(body, "Name", None), document.gui_modified(doc),
                                 document.undo_count(doc))

        def ResetEdit(self, name, object_name):  # noqa: N802
            doc = opened(name)
            if getattr(edited_object(doc), "Name", None) != object_name:
                return False
            _gui_document(doc).resetEdit()
            return True

        def DeactivateBody(self, name, body_name):  # noqa: N802
            doc = opened(name)
            if getattr(active_body(doc), "Name", None) != body_name:
                return False
            _view(doc).setActiveObject(ACTIVE_BODY, None)
            return True

        def Enter(self, name, context):  # noqa: N802
            doc = opened(name)
            obj = doc.getObject(context.ObjectId)
            if obj is not None and context.Type == "PartDesign":
                _view(doc).setActiveObject(ACTIVE_BODY, obj)
            elif obj is not None:
                _gui_document(doc).setEdit(obj)

        def Defer(self, action, delay_ms):  # noqa: N802
            self._source.later(action.Invoke, delay_ms)

        def ShowBlocked(self, blocked):  # noqa: N802
            return bool(self._source.on_blocked(blocked))

        def AskStale(self, notice):  # noqa: N802
            choice = self._source.on_stale({"message": notice.Message})
            return {"update": StaleChoice.Update, "edit_anyway": StaleChoice.EditAnyway}.get(choice, StaleChoice.Cancel)

        def Show(self, kind, text):  # noqa: N802
            if kind == ContextMessage.Information:
                from .panels import qt

                qt.show_info("SiloMod", text)
            else:
                print_ = FreeCAD.Console.PrintWarning if kind == ContextMessage.Warning else FreeCAD.Console.PrintError
                print_(f"SiloMod: {text}\n")

        def RestoreSavedState(self, name):  # noqa: N802
            return document.restore_saved_state(opened(name)).Name

        def Reload(self, name):  # noqa: N802
            return document.reload(opened(name)).Name

        def Save(self, name, save_first):  # noqa: N802
            doc = opened(name)
            if doc is None:
                return None
            path = document.save(doc) if save_first else document.file_path(doc)
            return SavedDocument(path, _dag(document.extract_dag(doc)))

        def FindDocument(self, path, part_number):  # noqa: N802
            doc = document.find_by_path(path) if path else document.find_by_part_number(part_number)
            return doc.Name if doc is not None else None

    return FreeCadContextHost
