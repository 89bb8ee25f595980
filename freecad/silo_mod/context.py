"""The context source: turns FreeCAD's editing state into (old, new) context changes for the core,
and performs the core's answer (back out of a blocked edit, save and push on exit).

What is being edited is read from FreeCAD itself (the object in edit mode, the active body) and
kept per document as a stack, outermost first: an assembly in edit mode, the active body, the
sketch or feature in edit. Every change of that stack is reported one level at a time, so a body
activated inside an assembly nests under it. Something has to say when to look: Kindred Create's
SDK (``kindred_sdk.on_context_enter/exit``) when it is there; otherwise FreeCAD's GUI document
observer (slotInEdit / slotResetEdit) plus polling of the active PartDesign body, which raises no
signal of its own. Only Silo-tracked documents are reported to the core.
"""

import collections

import FreeCAD

from . import document, editing, kindred

POLL_INTERVAL_MS = 250

# How long an assembly FreeCAD took out of edit mode must stay out, with no edit at all, before it
# counts as left: ending a nested edit can process events before FreeCAD enters the assembly again
# (a slow recompute shows progress), and a decision taken there would leave and re-enter it.
ASSEMBLY_SETTLE_MS = 250

#: A context as the core sees it: type None is the document itself.
Context = collections.namedtuple("Context", "type object_id")
DOCUMENT = Context(None, None)

SKETCHER, PART_DESIGN, ASSEMBLY = "Sketcher", "PartDesign", "Assembly"
ASSEMBLY_TYPES = ("Assembly::AssemblyObject",)

# A stack that still differs from FreeCAD's state after this many rounds of backing out of refused
# contexts is left as it is until the next change, rather than looping inside a FreeCAD signal.
MAX_ROUNDS = 4


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


class _DocState:
    """What the source reported for one document, and an assembly it keeps open meanwhile."""

    def __init__(self):
        #: The contexts the core was told of, outermost first.
        self.contexts = []
        #: An assembly FreeCAD took out of edit mode, kept until it is clear whether for good: 1.x
        #: leaves the assembly's edit mode to edit a sketch inside it, and enters it again after.
        self.held_assembly = None

    @property
    def current(self):
        return self.contexts[-1] if self.contexts else DOCUMENT


class ContextSource:
    def __init__(self, core_provider=None, on_blocked=None, defer=None, on_stale=None, kindred_sdk=None):
        """
        core_provider: returns the Core proxy (default connection.connected_core: .NET loaded, core started).
        on_blocked(entry, part_number, object_id): shows the block; default: the Editing Blocked dialog.
        defer(fn): runs fn after the current FreeCAD signal returns; default: a zero-delay QTimer.
        on_stale(stale): asks about a document behind its item's head; returns update, edit_anyway
        or cancel; default: the Newer Version prompt.
        kindred_sdk: Kindred Create's SDK module; default: kindred_sdk when importable.
        """
        self._core_provider = core_provider
        self.on_blocked = on_blocked or self._show_blocked_dialog
        self.on_stale = on_stale or self._ask_stale_dialog
        self._defer = defer
        self._kindred_sdk = kindred_sdk
        self._states = {}
        # Documents being reconciled: FreeCAD signals raised by backing out land here and are
        # answered by the reconciliation already running.
        self._reconciling = set()
        # Per document: the undo count when FreeCAD last showed it unmodified (no entry: modified).
        self._clean = {}
        # Files this source is replacing itself (Update): the core's document_replaced for them is no news.
        self._replacing = set()
        self._core = None
        self._timer = None
        self._kindred = None
        self._gui_observer = _GuiObserver(self)
        self._app_observer = _AppObserver(self)

    # --- installation -------------------------------------------------------------------------

    def install(self):
        import FreeCADGui
        from PySide import QtCore

        FreeCAD.addDocumentObserver(self._app_observer)
        sdk = self._kindred_sdk or kindred.sdk()
        if sdk is not None:
            self._kindred = kindred.ContextHooks(sdk, self.on_context_hook)
        else:
            FreeCADGui.addDocumentObserver(self._gui_observer)
        # The tick also notes when FreeCAD shows a document unmodified (see note_clean), with Kindred too.
        self._timer = QtCore.QTimer()
        self._timer.setInterval(POLL_INTERVAL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        return self

    def uninstall(self):
        import FreeCADGui

        FreeCAD.removeDocumentObserver(self._app_observer)
        if self._kindred is not None:
            self._kindred.close()
            self._kindred = None
        else:
            FreeCADGui.removeDocumentObserver(self._gui_observer)
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @property
    def uses_kindred(self):
        """Editing contexts come from Kindred Create's SDK rather than FreeCAD's observer and polling."""
        return self._kindred is not None

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
        """FreeCAD entered edit mode (slotInEdit)."""
        obj = editing.object_of(self._document_of(vp), vp)
        if obj is not None:
            self.reconcile(obj.Document)

    def reset_edit(self, vp):
        """FreeCAD left edit mode (slotResetEdit)."""
        doc = self._document_of(vp)
        if doc is not None:
            self.reconcile(doc)

    def poll(self):
        """The timer's tick: FreeCAD raises no signal when the active body changes."""
        try:
            doc = editing.active_gui_document()
            if doc is not None:
                self.note_clean(doc)
                if self._kindred is None:
                    self.reconcile(doc)
        except Exception as e:
            # A timer slot must not raise into Qt; say what failed instead.
            FreeCAD.Console.PrintError(f"SiloMod: tracking the active body failed: {e!r}\n")

    def on_context_hook(self):
        """Kindred Create entered or left a context: it always concerns the active document."""
        doc = editing.active_gui_document()
        if doc is not None:
            _guarded("following Kindred's editing context", self.reconcile, doc)

    @staticmethod
    def _document_of(vp):
        obj = getattr(vp, "Object", None)
        if obj is not None:
            return obj.Document
        # A view provider without .Object (FreeCAD 1.x's assembly) belongs to the document being edited.
        return editing.active_gui_document()

    def wanted(self, doc, release_assembly=False):
        """The stack of contexts FreeCAD's state calls for now, outermost first.

        An assembly FreeCAD took out of edit mode stays in it until ``release_assembly``.
        """
        state = self.state(doc)
        edited = editing.edited_object(doc)
        edit = classify(edited) if edited is not None else None
        assembly = None
        if edit is not None and edit.type == ASSEMBLY:
            assembly, edit = edit, None
            state.held_assembly = None
        elif release_assembly:
            state.held_assembly = None
        elif state.held_assembly is None:
            state.held_assembly = next((c for c in state.contexts if c.type == ASSEMBLY), None)
            if state.held_assembly is not None:
                # Decided once FreeCAD's current call returns: by then a nested edit has begun, or
                # none will. Only here: between a nested edit's end and FreeCAD re-entering the
                # assembly, FreeCAD may process events, and the assembly must not be let go there.
                self._later(lambda name=doc.Name: self._settle_assembly(name))
        if assembly is None:
            assembly = state.held_assembly
        body = editing.active_body(doc)
        stack = []
        for ctx in (assembly, Context(PART_DESIGN, body.Name) if body is not None else None, edit):
            if ctx is not None and ctx not in stack:
                stack.append(ctx)
        return stack

    def _settle_assembly(self, doc_name, looked_again=False):
        """After FreeCAD left an assembly's edit mode: still out of any edit, so the assembly was left.
        In a nested edit, it stays: FreeCAD 1.x enters the assembly again when that edit ends. Out
        of every edit, it is looked at once more a moment later, when FreeCAD is surely done."""
        doc = editing.open_document(doc_name)
        if doc is None:
            return
        if self.state(doc).held_assembly is None or editing.edited_object(doc) is not None:
            return  # back in the assembly, or in a sketch inside it: still open
        if not looked_again:
            self._later(lambda: self._settle_assembly(doc_name, True), ASSEMBLY_SETTLE_MS)
            return
        _guarded("leaving an assembly", self.reconcile, doc, True)

    # --- following FreeCAD --------------------------------------------------------------------

    def reconcile(self, doc, release_assembly=False):
        """Reports every difference between the contexts the core knows of and FreeCAD's state:
        the contexts left, innermost first, then the ones entered, outermost first. A refused
        entry is backed out of in FreeCAD, which the next round then finds. ``release_assembly``
        lets go of an assembly kept while FreeCAD was out of its edit mode."""
        if doc.Name in self._reconciling:
            return
        self._reconciling.add(doc.Name)
        try:
            state = self.state(doc)
            clean = self._was_clean(doc)
            refused = []
            for _ in range(MAX_ROUNDS):
                wanted = [c for c in self.wanted(doc, release_assembly) if c not in refused]
                kept = _common_prefix(state.contexts, wanted)
                while len(state.contexts) > kept:
                    old = state.contexts.pop()
                    self._perform_exit(doc, self._report(doc, old, state.current))
                blocked = self._enter_all(doc, state, wanted[kept:], clean)
                if blocked is None:
                    return
                refused.append(blocked)
        finally:
            self._reconciling.discard(doc.Name)

    def _enter_all(self, doc, state, entering, clean):
        """Reports the entries in order; stops at a refused one, backs out of it and returns it."""
        for ctx in entering:
            decision = self._report(doc, state.current, ctx)
            if _verdict(decision) == "block":
                self._back_out(doc, ctx)
                self._blocked(decision["entry"], document.part_number(doc), ctx.object_id, doc.Name if clean else None)
                self._perform_exit(doc, decision)
                return ctx
            state.contexts.append(ctx)
            self._perform_exit(doc, decision)
            self._ask_if_stale(doc, decision, ctx)
        return None

    def _back_out(self, doc, ctx):
        """Leaves a context the core refused: FreeCAD's edit mode, or the body's activation."""
        body = editing.active_body(doc)
        if ctx.type == PART_DESIGN and body is not None and body.Name == ctx.object_id:
            editing.set_active_body(doc, None)
        edited = editing.edited_object(doc)
        if edited is not None and classify(edited) == ctx:
            editing.reset_edit(doc)

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
        # The items open here too: the core reads who edits them, so presence is right from the start.
        paths, part_numbers = document.open_files(closing)
        try:
            core.call("report_open_files", paths=paths, part_numbers=part_numbers)
        except Exception as e:
            _error(f"SiloMod could not report the open files: {e}")

    # --- performing decisions -----------------------------------------------------------------

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
        """Enters ``ctx`` again in FreeCAD (after Update reopened the document)."""
        obj = doc.getObject(ctx.object_id) if ctx.object_id else None
        if obj is None:
            return
        if ctx.type == PART_DESIGN:
            editing.set_active_body(doc, obj)
            self.reconcile(doc)
        else:
            editing.set_edit(doc, obj)

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
        """Leaves the context of ``object_id`` and every context inside it: ends the edit,
        deactivates the body, lets go of the assembly."""
        state = self.state(doc)
        depth = next((i for i, c in enumerate(state.contexts) if c.object_id == object_id), None)
        if depth is None:
            return
        leaving = state.contexts[depth:]
        # Ending a sketch's edit inside an assembly puts FreeCAD 1.x back into the assembly's edit
        # mode: end that too when the assembly is being left (each round ends one edit).
        for _ in range(len(leaving)):
            edited = editing.edited_object(doc)
            if edited is None or classify(edited) not in leaving:
                break
            editing.reset_edit(doc)
        body = editing.active_body(doc)
        if body is not None and Context(PART_DESIGN, body.Name) in leaving:
            editing.set_active_body(doc, None)
        self.reconcile(doc, release_assembly=any(c.type == ASSEMBLY for c in leaving))

    # --- FreeCAD helpers ----------------------------------------------------------------------

    def _later(self, fn, delay_ms=0):
        if self._defer is not None:
            self._defer(fn)
        elif getattr(FreeCAD, "GuiUp", False):
            from PySide import QtCore

            QtCore.QTimer.singleShot(delay_ms, fn)
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


def _common_prefix(a, b):
    """How many leading contexts two stacks share."""
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


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
