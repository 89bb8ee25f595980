"""FreeCAD's editing state of a document, read and changed in one place: the object in edit mode,
the active PartDesign body. The context source decides nothing here; it asks and acts.
"""

import FreeCAD

#: ActiveView's key of the active PartDesign body.
ACTIVE_BODY = "pdbody"
#: ActiveView's key of the assembly in edit mode (FreeCAD 1.x).
ACTIVE_ASSEMBLY = "assembly"
BODY_TYPE = "PartDesign::Body"


def _gui_document(doc):
    import FreeCADGui

    return FreeCADGui.getDocument(doc.Name)


def _view(doc):
    gui_doc = _gui_document(doc)
    view = gui_doc.ActiveView if gui_doc is not None else None
    return view if view is not None and hasattr(view, "getActiveObject") else None


def object_of(doc, view_provider):
    """The document object a view provider shows.

    FreeCAD 1.x's assembly view provider (AssemblyGui.ViewProviderAssembly) has no ``.Object``:
    the object is found through its ViewObject, or as the view's active assembly.
    """
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
    if gui_doc is None:
        return None
    return object_of(doc, gui_doc.getInEdit())


def reset_edit(doc):
    """Leaves edit mode, as the task dialog's Close does."""
    gui_doc = _gui_document(doc)
    if gui_doc is not None and gui_doc.getInEdit() is not None:
        gui_doc.resetEdit()


def set_edit(doc, obj):
    _gui_document(doc).setEdit(obj)


def active_body(doc):
    """The active PartDesign body (FreeCAD raises no signal when it changes: callers poll)."""
    view = _view(doc)
    return view.getActiveObject(ACTIVE_BODY) if view is not None else None


def owning_body(obj):
    """The PartDesign body ``obj`` is or belongs to, or None."""
    if obj.TypeId == BODY_TYPE:
        return obj
    parent = obj.getParentGeoFeatureGroup() if hasattr(obj, "getParentGeoFeatureGroup") else None
    return parent if parent is not None and parent.TypeId == BODY_TYPE else None


def set_active_body(doc, body):
    view = _view(doc)
    if view is not None:
        view.setActiveObject(ACTIVE_BODY, body)


def active_gui_document():
    """The document of the active GUI tab, or None."""
    try:
        import FreeCADGui
    except ImportError:
        return None
    gui_doc = FreeCADGui.ActiveDocument
    return gui_doc.Document if gui_doc is not None else None


def open_document(name):
    """The open document called ``name``, or None once it was closed."""
    return FreeCAD.listDocuments().get(name)
