"""The document gateway: everything SiloMod reads from or does to a FreeCAD document.

Facts only: which item a document is, its file, its DAG (from which the core computes dependency
cones). The decisions about them are the core's.
"""

import FreeCAD

from .rules import part_number_problem

PART_NUMBER_KEY = "SiloPartNumber"

# Kindred Create's own Silo add-on marks a tracked document on its root object (an App::Part or an
# assembly) with these two properties; SiloMod treats such a document as tracked too.
ROOT_ITEM_ID_PROPERTY = "SiloItemId"
ROOT_PART_NUMBER_PROPERTY = "SiloPartNumber"


def part_number(doc):
    """The Silo part number of the document, or None for a document Silo does not track.

    SiloMod's own mark (the document's Meta) comes first; then Kindred Create's, on a root object.
    """
    if doc is None:
        return None
    value = doc.Meta.get(PART_NUMBER_KEY)
    return value or root_part_number(doc)


def root_part_number(doc):
    """The part number Kindred Create's Silo add-on put on a root App::Part or assembly, or None.

    Its mark is both properties set: an item id without a part number, or the reverse, is not a
    document that add-on tracks. A value that could not name a file is not a part number either:
    such a document is left untracked rather than allowed to write outside the projects folder.
    """
    for obj in getattr(doc, "RootObjects", ()):
        if not obj.isDerivedFrom("App::Part"):
            continue
        properties = obj.PropertiesList
        if ROOT_ITEM_ID_PROPERTY not in properties or ROOT_PART_NUMBER_PROPERTY not in properties:
            continue
        if not str(getattr(obj, ROOT_ITEM_ID_PROPERTY)).strip():
            continue
        try:
            return check_part_number(str(getattr(obj, ROOT_PART_NUMBER_PROPERTY)))
        except ValueError:
            continue
    return None


def is_tracked(doc):
    return part_number(doc) is not None


def check_part_number(text):
    """The trimmed part number; ValueError with the reason when it cannot name a file or URL segment
    (the server's rule, from ``rules.json``)."""
    pn = (text or "").strip()
    problem = part_number_problem(pn)
    if problem:
        raise ValueError(problem)
    return pn


def mark_tracked(doc, pn):
    """Stores the part number in the document (persisted with the file on the next save); returns it trimmed.

    Raises ValueError for a part number that could not name a file.
    """
    pn = check_part_number(pn)
    meta = doc.Meta
    meta[PART_NUMBER_KEY] = pn
    # FreeCAD keeps a copy: changing the returned dict in place would be lost.
    doc.Meta = meta
    return pn


def unmark_tracked(doc):
    meta = doc.Meta
    meta.pop(PART_NUMBER_KEY, None)
    doc.Meta = meta


def file_path(doc):
    """Where the document is saved, or None when it never was."""
    return doc.FileName or None


def modified(doc):
    """The document has changes not saved yet.

    With the GUI this is FreeCAD's own flag (the asterisk in the tab). Without it FreeCAD keeps no
    such flag: touched objects (changed, not recomputed) are the best evidence there is.
    """
    if hasattr(doc, "isTouched") and doc.isTouched():
        return True
    # FreeCAD's own "modified" flag lives on the GUI document (the asterisk in the tab title).
    if getattr(FreeCAD, "GuiUp", False):
        import FreeCADGui

        gui_doc = FreeCADGui.getDocument(doc.Name)
        if gui_doc is not None and getattr(gui_doc, "Modified", False):
            return True
    return any("Touched" in obj.State for obj in doc.Objects)


def gui_modified(doc):
    """FreeCAD's own "modified" flag (the asterisk in the tab); None without a GUI."""
    if not getattr(FreeCAD, "GuiUp", False):
        return None
    import FreeCADGui

    gui_doc = FreeCADGui.getDocument(doc.Name)
    return bool(gui_doc.Modified) if gui_doc is not None else None


def undo_count(doc):
    """Transactions on the undo stack: a user's change adds one; entering an edit does not."""
    return getattr(doc, "UndoCount", 0)


def restore_saved_state(doc):
    """Makes a document that changed nothing but its view state "not modified" again; returns it.

    Entering a sketch marks the document modified (visibilities, a recompute on leaving), even when
    SiloMod backs out at once. FreeCAD 1.x lets the flag be cleared; 0.20 keeps it read-only, so
    the document is reopened from its file, the camera kept. Only for documents that had no
    unsaved changes before: anything else would lose them.
    """
    import FreeCADGui

    gui_doc = FreeCADGui.getDocument(doc.Name)
    try:
        gui_doc.Modified = False
        return doc
    except (AttributeError, TypeError):
        pass
    return reload(doc)


def reload(doc):
    """Closes the document and opens its file again (as File > Revert would, without asking); returns the new one."""
    path = doc.FileName
    if not path:
        raise ValueError(f"'{doc.Label}' has no file to reload from.")
    camera = None
    if getattr(FreeCAD, "GuiUp", False):
        import FreeCADGui

        view = FreeCADGui.getDocument(doc.Name).ActiveView
        camera = view.getCamera() if view is not None and hasattr(view, "getCamera") else None
    FreeCAD.closeDocument(doc.Name)
    reopened = FreeCAD.openDocument(path)
    if camera is not None:
        import FreeCADGui

        view = FreeCADGui.getDocument(reopened.Name).ActiveView
        if view is not None and hasattr(view, "setCamera"):
            view.setCamera(camera)
    return reopened


def find_by_path(path):
    """The open document saved at ``path``, or None."""
    for doc in FreeCAD.listDocuments().values():
        if doc.FileName and doc.FileName == path:
            return doc
    return None


def save(doc):
    """Saves the document where it is; raises ValueError for a document that was never saved."""
    if not doc.FileName:
        raise ValueError(f"'{doc.Label}' has never been saved: save it once with File > Save As before Silo can push it.")
    gui_doc = None
    if getattr(FreeCAD, "GuiUp", False):
        import FreeCADGui

        gui_doc = FreeCADGui.getDocument(doc.Name)
    if gui_doc is not None:
        # Saving through a view is how File > Save saves: it also clears the GUI's modified flag,
        # which App-level doc.save() leaves set (and the next context change would report).
        gui_doc.sendMsgToViews("Save")
        if gui_doc.Modified:
            doc.save()
    else:
        doc.save()
    return doc.FileName


def extract_dag(doc):
    """Objects and dependency edges: an edge A→B says B depends on A (A is in B's OutList)."""
    nodes = [{"id": obj.Name, "type": obj.TypeId, "label": obj.Label} for obj in doc.Objects]
    edges = []
    seen = set()
    for obj in doc.Objects:
        for dep in obj.OutList:  # may name the same object twice (two links to it)
            key = (dep.Name, obj.Name)
            if key not in seen:
                seen.add(key)
                edges.append({"from": dep.Name, "to": obj.Name})
    return {"nodes": nodes, "edges": edges}


def open_files(closing=None):
    """What is open here, for the core: the file of every open document that has one, and the part
    numbers of the tracked ones. ``closing`` names a document on its way out, left out."""
    docs = [d for name, d in FreeCAD.listDocuments().items() if name != closing]
    return (sorted({d.FileName for d in docs if d.FileName}),
            sorted({pn for pn in (part_number(d) for d in docs) if pn}))


def find_by_part_number(pn):
    for doc in FreeCAD.listDocuments().values():
        if part_number(doc) == pn:
            return doc
    return None


def facts(doc):
    """What Track Document reports about a document so the core can propose an item: label, file, Comment, Meta."""
    meta = doc.Meta if hasattr(doc, "Meta") else {}
    return {
        "label": doc.Label,
        "file_path": doc.FileName or None,
        "comment": getattr(doc, "Comment", "") or None,
        "meta": {str(k): str(v) for k, v in dict(meta).items()},
    }
