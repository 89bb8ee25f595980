"""The context source: turns FreeCAD's editing state into (old, new) context changes for the core,
and performs the core's answer (back out of a blocked edit, save and push on exit).

Kindred Create's EditingContextResolver is used when FreeCADGui exposes one; otherwise FreeCAD's
GUI document observer (slotInEdit / slotResetEdit) plus polling of the active PartDesign body,
which raises no signal of its own. Only Silo-tracked documents are reported to the core.
"""

import collections

import FreeCAD

from . import document

POLL_INTERVAL_MS = 250
ACTIVE_BODY = "pdbody"

#: A context as the core sees it: type None is the document itself.
Context = collections.namedtuple("Context", "type object_id")
DOCUMENT = Context(None, None)

SKETCHER, PART_DESIGN, ASSEMBLY = "Sketcher", "PartDesign", "Assembly"
ASSEMBLY_TYPES = ("Assembly::AssemblyObject",)


def classify(obj):
    """The context that editing ``obj`` opens, or None when editing it is not a Silo context."""
    type_id = obj.TypeId
    if type_id == "Sketcher::SketchObject":
        return Context(SKETCHER, obj.Name)
    if type_id == "PartDesign::Body":
        return Context(PART_DESIGN, obj.Name)
    if type_id.startswith("PartDesign::"):
        body = _body_of(obj)
        return Context(PART_DESIGN, body.Name) if body is not None else None
    if type_id in ASSEMBLY_TYPES:
        return Context(ASSEMBLY, obj.Name)
    return None


def _body_of(obj):
    parent = obj.getParentGeoFeatureGroup() if hasattr(obj, "getParentGeoFeatureGroup") else None
    if parent is not None and parent.TypeId == "PartDesign::Body":
        return parent
    return None


def cone(doc, ctx):
    """The objects an edit in ``ctx`` may change; None lets the server use the item's stored DAG."""
    if ctx.type == SKETCHER:
        return document.downstream_cone(doc, ctx.object_id)
    if ctx.type == PART_DESIGN:
        return document.body_cone(doc, ctx.object_id)
    return None


def find_resolver():
    """Kindred Create's EditingContextResolver, when this FreeCAD has one."""
    try:
        import FreeCADGui
    except ImportError:
        return None
    getter = getattr(FreeCADGui, "getEditingContextResolver", None)
    resolver = getter() if callable(getter) else getattr(FreeCADGui, "EditingContextResolver", None)
    return resolver if resolver is not None and hasattr(resolver, "contextChanged") else None


class _DocState:
    """What the source last reported for one document: the active body (base) and the edit above it."""

    def __init__(self):
        self.base = DOCUMENT
        self.edit = None

    @property
    def current(self):
        return self.edit or self.base


class ContextSource:
    def __init__(self, core_provider=None, on_blocked=None, defer=None, on_stale=None):
        """
        core_provider: returns the Core proxy (default connection.connected_core: .NET loaded, core started).
        on_blocked(entry, part_number, object_id): shows the block; default: the Editing Blocked dialog.
        defer(fn): runs fn after the current FreeCAD signal returns; default: a zero-delay QTimer.
        on_stale(stale): asks about a document behind its item's head; returns update, edit_anyway
        or cancel; default: the Newer Version prompt.
        """
        self._core_provider = core_provider
        self.on_blocked = on_blocked or self._show_blocked_dialog
        self.on_stale = on_stale or self._ask_stale_dialog
        self._defer = defer
        self._states = {}
        self._backing_out = set()
        # Per document: the undo count when FreeCAD last showed it unmodified (no entry: modified).
        self._clean = {}
        # Files this source is replacing itself (Update): the core's document_replaced for them is no news.
        self._replacing = set()
        self._core = None
        self._timer = None
        self._resolver = None
        self._gui_observer = _GuiObserver(self)
        self._app_observer = _AppObserver(self)

    # --- installation -------------------------------------------------------------------------

    def install(self):
        import FreeCADGui

        FreeCAD.addDocumentObserver(self._app_observer)
        self._resolver = find_resolver()
        if self._resolver is not None:
            self._resolver.contextChanged.connect(self._on_resolver_changed)
            return self
        FreeCADGui.addDocumentObserver(self._gui_observer)
        from PySide import QtCore

        self._timer = QtCore.QTimer()
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self.poll_active_body)
        self._timer.start()
        return self

    def uninstall(self):
        import FreeCADGui

        FreeCAD.removeDocumentObserver(self._app_observer)
        if self._resolver is not None:
            self._resolver.contextChanged.disconnect(self._on_resolver_changed)
            self._resolver = None
        else:
            FreeCADGui.removeDocumentObserver(self._gui_observer)
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @property
    def uses_resolver(self):
        return self._resolver is not None

    # --- the core -----------------------------------------------------------------------------

    def core(self):
        """The core, started on first need; signals and the open-file list are hooked up once."""
        if self._core is None:
            if self._core_provider is not None:
                core = self._core_provider()
            else:
                from . import connection

                core = connection.connected_core()
            core.signals.received.connect(self.on_event)
            if hasattr(core, "on_started"):
                core.on_started(lambda _core: self.report_open_files())
            self._core = core
            self.report_open_files()
        return self._core

    def _core_if_started(self):
        """The core when it is connected to a server; never starts .NET just for a fact."""
        core = self._core
        if core is None and self._core_provider is None:
            from . import runtime

            if runtime.is_loaded():
                core = self.core()
        return core if core is not None and getattr(core, "started", True) else None

    # --- facts from FreeCAD -------------------------------------------------------------------

    def state(self, doc):
        return self._states.setdefault(doc.Name, _DocState())

    def in_edit(self, vp):
        obj = getattr(vp, "Object", None)
        if obj is None:
            return
        new = classify(obj)
        if new is None:
            return
        doc = obj.Document
        state = self.state(doc)
        if state.edit is None:
            # A body activated since the last poll is entered before the edit inside it.
            self.sync_active_body(doc)
        old = state.current
        clean = self._was_clean(doc)
        state.edit = new
        decision = self._report(doc, old, new)
        if _verdict(decision) == "block":
            state.edit = None if old == state.base else old
            self._back_out_of_edit(doc)
            self._blocked(decision["entry"], document.part_number(doc), new.object_id, doc.Name if clean else None)
        self._perform_exit(doc, decision)
        self._ask_if_stale(doc, decision, new)

    def reset_edit(self, vp):
        obj = getattr(vp, "Object", None)
        if obj is None:
            return
        doc = obj.Document
        if doc.Name in self._backing_out:
            return  # our own resetEdit after a block: the core granted nothing to release
        state = self.state(doc)
        if state.edit is None:
            return
        old = state.edit
        state.edit = None
        state.base = self._active_body_context(doc)
        new = state.base
        self._perform_exit(doc, self._report(doc, old, new))

    def poll_active_body(self):
        """The timer's tick: FreeCAD raises no signal when the active body changes."""
        try:
            import FreeCADGui

            gui_doc = FreeCADGui.ActiveDocument
            if gui_doc is not None:
                self.note_clean(gui_doc.Document)
                self.sync_active_body(gui_doc.Document)
        except Exception as e:
            # A timer slot must not raise into Qt; say what failed instead.
            FreeCAD.Console.PrintError(f"SiloMod: tracking the active body failed: {e!r}\n")

    def sync_active_body(self, doc):
        """Reports a change of the active body of ``doc`` since the last look."""
        state = self.state(doc)
        base = self._active_body_context(doc)
        if base == state.base:
            return
        old = state.base
        state.base = base
        if state.edit is not None:
            return  # the edit is the context; its end reports against the new base
        clean = self._was_clean(doc)
        decision = self._report(doc, old, base)
        if _verdict(decision) == "block":
            state.base = old
            self._set_active_body(doc, None if old.type != PART_DESIGN else doc.getObject(old.object_id))
            self._blocked(decision["entry"], document.part_number(doc), base.object_id, doc.Name if clean else None)
        self._perform_exit(doc, decision)
        self._ask_if_stale(doc, decision, base)

    def _on_resolver_changed(self, old_ctx, new_ctx):
        doc = FreeCAD.ActiveDocument
        if doc is None:
            return
        old, new = _from_resolver(old_ctx), _from_resolver(new_ctx)
        clean = self._was_clean(doc)
        decision = self._report(doc, old, new)
        if _verdict(decision) == "block":
            cancel = getattr(self._resolver, "cancelTransition", None)
            if callable(cancel):
                cancel()
            else:
                self._back_out_of_edit(doc)
            self._blocked(decision["entry"], document.part_number(doc), new.object_id, doc.Name if clean else None)
        self._perform_exit(doc, decision)
        self._ask_if_stale(doc, decision, new)

    # --- talking to the core ------------------------------------------------------------------

    def _report(self, doc, old, new):
        """context_changed for a tracked document; None for an untracked one or when the core failed."""
        if old == new or not document.is_tracked(doc):
            return None
        try:
            args = {
                "old": self._context_json(doc, old),
                "new": self._context_json(doc, new),
                "document": {
                    "part_number": document.part_number(doc),
                    "file_path": document.file_path(doc),
                    "modified": document.modified(doc),
                },
            }
            return self.core().call("context_changed", **args)
        except Exception as e:
            _error(f"SiloMod could not report the change from {_describe(old)} to {_describe(new)}"
                   f" in {doc.Label}: {e}")
            return None

    @staticmethod
    def _context_json(doc, ctx):
        return {"type": ctx.type, "object_id": ctx.object_id, "dependency_cone": cone(doc, ctx)}

    def _perform_exit(self, doc, decision):
        exit_ = (decision or {}).get("exit")
        if not exit_ or exit_.get("action") != "checkpoint":
            return
        name = doc.Name
        self._later(lambda: self.checkpoint(name, exit_))

    def checkpoint(self, doc_name, exit_):
        """Saves the document and hands file and DAG to the core (an exit answered with checkpoint)."""
        doc = FreeCAD.listDocuments().get(doc_name)
        if doc is None:
            _error(f"SiloMod could not push a checkpoint: the document {doc_name} was closed.")
            return
        try:
            path = document.save(doc)
            self.core().call(
                "submit_checkpoint",
                part_number=document.part_number(doc),
                file_path=path,
                context=exit_.get("context"),
                session_id=exit_.get("session_id"),
                dag=document.extract_dag(doc))
        except Exception as e:
            _error(f"SiloMod could not push a checkpoint of {doc.Label}: {e}")

    def report_open_files(self, closing=None):
        core = self._core_if_started()
        if core is None:
            return
        docs = [d for name, d in FreeCAD.listDocuments().items() if name != closing]
        paths = sorted({d.FileName for d in docs if d.FileName})
        # The items open here: the core reads who edits them, so presence is right from the start.
        part_numbers = sorted({pn for pn in (document.part_number(d) for d in docs) if pn})
        try:
            core.call("report_open_files", paths=paths, part_numbers=part_numbers)
        except Exception as e:
            _error(f"SiloMod could not report the open files: {e}")

    # --- performing decisions -----------------------------------------------------------------

    def _back_out_of_edit(self, doc):
        import FreeCADGui

        gui_doc = FreeCADGui.getDocument(doc.Name)
        self._backing_out.add(doc.Name)
        try:
            gui_doc.resetEdit()
        finally:
            self._backing_out.discard(doc.Name)

    def _blocked(self, entry, part_number, object_id, restore=None):
        """Shows who holds the object; ``restore`` names a document that had no unsaved changes before
        the attempt: being blocked must leave it so (no asterisk, no "save changes?" on close)."""
        def show():
            try:
                if restore is not None and restore in FreeCAD.listDocuments():
                    document.restore_saved_state(FreeCAD.getDocument(restore))
                if self.on_blocked(entry, part_number, object_id):
                    self._request_handoff(entry, part_number)
            except Exception as e:
                _error(f"SiloMod could not show who holds {object_id}: {e}")

        # Never open a dialog (or reopen a document) inside FreeCAD's edit signal: the edit is still being torn down.
        self._later(show)

    # --- unsaved changes ---------------------------------------------------------------------

    def note_clean(self, doc):
        """Remembers whether FreeCAD shows the document unmodified now (called on every poll tick and after a save or open)."""
        if document.gui_modified(doc) is False:
            self._clean[doc.Name] = document.undo_count(doc)
        else:
            self._clean.pop(doc.Name, None)

    def _was_clean(self, doc):
        """No unsaved change before the current edit began: FreeCAD showed it unmodified, and no
        change was made since (entering an edit adds nothing to the undo stack)."""
        seen = self._clean.get(doc.Name)
        return seen is not None and seen == document.undo_count(doc)

    # --- a document behind its item's head ---------------------------------------------------

    def _ask_if_stale(self, doc, decision, ctx):
        entry = (decision or {}).get("entry") or {}
        stale = entry.get("stale")
        if not stale or entry.get("verdict") == "block":
            return
        name = doc.Name
        self._later(lambda: self._answer_stale(name, stale, ctx))

    def _answer_stale(self, doc_name, stale, ctx):
        doc = FreeCAD.listDocuments().get(doc_name)
        if doc is None:
            return
        pn = document.part_number(doc)
        try:
            choice = self.on_stale(stale)
            if choice == "edit_anyway":
                self.core().call("edit_anyway", part_number=pn)
                return
            # Cancel and Update leave first: the core releases the session and pushes nothing.
            self.leave(doc, ctx.object_id)
            if choice == "update":
                self.update(doc, ctx)
        except Exception as e:
            _error(f"SiloMod could not act on the newer version of {pn}: {e}")

    def update(self, doc, ctx=None):
        """Brings the document's file to its item's head, reopens it, and re-enters ``ctx``."""
        pn, path = document.part_number(doc), document.file_path(doc)
        if document.modified(doc):
            _message_box("Update", f"{doc.Label} has unsaved changes. Save or undo them, then choose Update again: "
                                   "reopening the document would lose them.")
            return None
        self._replacing.add(path)
        try:
            self.core().call("update_document", part_number=pn, file_path=path)
        except Exception:
            self._replacing.discard(path)
            raise
        doc = document.reload(doc)
        self.note_clean(doc)
        if ctx is not None and ctx.type is not None:
            self._enter(doc, ctx)
        return doc

    def _enter(self, doc, ctx):
        import FreeCADGui

        obj = doc.getObject(ctx.object_id) if ctx.object_id else None
        if obj is None:
            return
        if ctx.type == PART_DESIGN:
            self._set_active_body(doc, obj)
            self.sync_active_body(doc)
        else:
            FreeCADGui.getDocument(doc.Name).setEdit(obj)

    @staticmethod
    def _ask_stale_dialog(stale):
        try:
            from .panels import stale_dialog
        except ImportError:
            _error(stale.get("message") or "A newer version of this part is on the server.")
            return "edit_anyway"
        return stale_dialog.ask(stale)

    def _request_handoff(self, entry, part_number):
        holder = entry.get("holder") or {}
        session_id = holder.get("session_id")
        if not session_id:
            _error(f"{part_number} is checked out by {holder.get('user', 'another user')}; "
                   "a check-out lock has no edit session to hand over.")
            return
        self.core().call("request_handoff", part_number=part_number, session_id=session_id)

    @staticmethod
    def _show_blocked_dialog(entry, part_number, object_id):
        holder = entry.get("holder") or {}
        try:
            from .panels import blocked_dialog
        except ImportError:
            _error(entry.get("message") or f"{holder.get('user', 'Another user')} is editing {object_id} of {part_number}.")
            return False
        return blocked_dialog.show_blocked(holder, part_number, object_id)

    def on_event(self, event):
        """Pushed events (GUI thread): the core asks to leave a context for a handoff, or has replaced a file."""
        if event.get("kind") == "document_replaced":
            self._reopen_replaced(event)
            return
        if event.get("kind") != "leave_context_requested":
            return
        doc = document.find_by_part_number(event.get("part_number"))
        if doc is None:
            _error(f"SiloMod was asked to leave {event.get('object_id')} of {event.get('part_number')}, "
                   "but no open document is that item.")
            return
        self.leave(doc, event.get("object_id"))

    def _reopen_replaced(self, event):
        """An open document whose file the core replaced shows the new file; unsaved changes are never dropped."""
        path = event.get("path")
        if path in self._replacing:
            self._replacing.discard(path)
            return
        doc = document.find_by_path(path)
        if doc is None:
            return
        if document.modified(doc):
            _error(f"{path} now holds {event.get('version')}, but {doc.Label} has unsaved changes: "
                   "close it without saving, or save it as another file, then open it again.")
            return
        self.note_clean(document.reload(doc))

    def leave(self, doc, object_id):
        """Leaves the context of ``object_id``: ends the edit, or deactivates the body."""
        import FreeCADGui

        state = self.state(doc)
        gui_doc = FreeCADGui.getDocument(doc.Name)
        if state.edit is not None and object_id in (state.edit.object_id, state.base.object_id):
            gui_doc.resetEdit()  # slotResetEdit reports the exit and pushes
        if state.base.type == PART_DESIGN and state.base.object_id == object_id:
            self._set_active_body(doc, None)
            self.sync_active_body(doc)

    # --- FreeCAD helpers ----------------------------------------------------------------------

    @staticmethod
    def _view_of(doc):
        import FreeCADGui

        gui_doc = FreeCADGui.getDocument(doc.Name)
        view = gui_doc.ActiveView if gui_doc is not None else None
        return view if view is not None and hasattr(view, "getActiveObject") else None

    def _active_body_context(self, doc):
        view = self._view_of(doc)
        body = view.getActiveObject(ACTIVE_BODY) if view is not None else None
        return Context(PART_DESIGN, body.Name) if body is not None else DOCUMENT

    def _set_active_body(self, doc, body):
        view = self._view_of(doc)
        if view is not None:
            view.setActiveObject(ACTIVE_BODY, body)

    def _later(self, fn):
        if self._defer is not None:
            self._defer(fn)
        elif getattr(FreeCAD, "GuiUp", False):
            from PySide import QtCore

            QtCore.QTimer.singleShot(0, fn)
        else:
            fn()

    def forget(self, doc_name):
        self._states.pop(doc_name, None)
        self._clean.pop(doc_name, None)


class _GuiObserver:
    """FreeCADGui document observer; FreeCAD calls these slots on the GUI thread."""

    def __init__(self, source):
        self._source = source

    def slotInEdit(self, vp):
        _guarded("entering an edit", self._source.in_edit, vp)

    def slotResetEdit(self, vp):
        _guarded("leaving an edit", self._source.reset_edit, vp)


class _AppObserver:
    """FreeCAD document observer: the open-file list for deferred downloads."""

    def __init__(self, source):
        self._source = source

    def slotCreatedDocument(self, doc):
        _guarded("reporting open files", self._source.report_open_files)

    def slotFinishRestoreDocument(self, doc):
        _guarded("reporting open files", self._source.report_open_files)
        _guarded("noting an opened document", self._source.note_clean, doc)

    def slotFinishSaveDocument(self, doc, filename):
        _guarded("reporting open files", self._source.report_open_files)
        _guarded("noting a saved document", self._source.note_clean, doc)

    def slotDeletedDocument(self, doc):
        name = doc.Name
        self._source.forget(name)
        _guarded("reporting open files", self._source.report_open_files, name)


def _guarded(what, fn, *args):
    try:
        fn(*args)
    except Exception as e:
        FreeCAD.Console.PrintError(f"SiloMod failed while {what}: {e!r}\n")


def _verdict(decision):
    entry = (decision or {}).get("entry")
    return entry.get("verdict") if entry else None


def _from_resolver(ctx):
    if ctx is None:
        return DOCUMENT
    type_ = getattr(ctx, "type", None) or None
    object_id = getattr(ctx, "object_id", None) or getattr(ctx, "objectName", None)
    if object_id is None and getattr(ctx, "object", None) is not None:
        object_id = ctx.object.Name
    return Context(type_, object_id)


def _describe(ctx):
    return "the document" if ctx.type is None else f"{ctx.type} {ctx.object_id}"


def _error(message):
    FreeCAD.Console.PrintError(message.rstrip() + "\n")


def _message_box(title, text):
    try:
        from .panels import qt
    except ImportError:
        _error(text)
        return
    qt.show_info(title, text)


_source = None


def install(core_provider=None, on_blocked=None):
    """Installs the process-wide context source (idempotent); cheap: .NET starts on the first tracked change."""
    global _source
    if _source is None:
        _source = ContextSource(core_provider=core_provider, on_blocked=on_blocked).install()
    return _source


def source():
    return _source


def uninstall():
    global _source
    if _source is not None:
        _source.uninstall()
        _source = None
