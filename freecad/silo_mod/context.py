"""The context source: reports what FreeCAD shows of a document to the core's context engine, and
carries out the engine's commands (back out of an edit, show who blocks, save for a checkpoint).

Which contexts a document is in, how deep, what a move closes, what was refused: all that is the
core's (SiloMod.Core.EditSessions.ContextEngine). This module only says when to look and what
FreeCAD shows then: the object in edit mode, the active body, the document's file and part number.
When to look comes from Kindred Create's SDK (``kindred_sdk.on_context_enter/exit``) when it is
there; otherwise FreeCAD's GUI document observer (slotInEdit / slotResetEdit) plus polling of the
active PartDesign body, which raises no signal of its own. Only Silo-tracked documents are reported.
"""

import collections

import FreeCAD

from . import document, editing, kindred

POLL_INTERVAL_MS = 250

# How long after FreeCAD left an assembly's edit mode the facts are reported again (the engine asks,
# with SettleAssembly): ending a nested edit can process events before FreeCAD enters the assembly again.
ASSEMBLY_SETTLE_MS = 250

# A document whose state still changes after this many rounds of carrying out back-outs is left as
# it is until the next change, rather than looping inside a FreeCAD signal.
MAX_ROUNDS = 4

#: A context as the core's engine names it: type None is the document itself.
Context = collections.namedtuple("Context", "type object_id")
DOCUMENT = Context(None, None)
SKETCHER, PART_DESIGN, ASSEMBLY = "Sketcher", "PartDesign", "Assembly"


class Entered:
    """The contexts the engine entered in a document, outermost first."""

    def __init__(self, contexts):
        self.contexts = contexts

    @property
    def current(self):
        return self.contexts[-1] if self.contexts else DOCUMENT


class ContextSource:
    def __init__(self, core_provider=None, on_blocked=None, defer=None, on_stale=None, kindred_sdk=None):
        """
        core_provider: returns the Core proxy (default connection.connected_core: .NET loaded, core started).
        on_blocked(holder, part_number, object_id, message): shows the block, True for Request Handoff;
        default: the Editing Blocked dialog.
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
        # Documents whose facts are being reported: FreeCAD signals raised by carrying out the
        # answer land here, and the report already running looks again.
        self._reconciling = set()
        # Per document: what the poll tick saw last (object in edit, active body), so it reports changes only.
        self._seen = {}
        # Per document: the undo count when FreeCAD last showed it unmodified (no entry: modified).
        self._clean = {}
        self._core = None
        self._subscription = None
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
        if self._subscription is not None:
            self._subscription.Dispose()
            self._subscription = None

    @property
    def uses_kindred(self):
        """Editing contexts come from Kindred Create's SDK rather than FreeCAD's observer and polling."""
        return self._kindred is not None

    # --- the core -----------------------------------------------------------------------------

    def core(self):
        """The core, started on first need; its signals and the open-file list are hooked up once."""
        if self._core is None:
            if self._core_provider is not None:
                core = self._core_provider()
            else:
                from . import connection

                core = connection.connected_core()
            self._subscription = core.observe(core.facade.Signals, self.on_signal)
            if hasattr(core, "on_started"):
                core.on_started(lambda _core: self.report_open_files())
            self._core = core
            self.report_open_files()
        return self._core

    def _facade_if_started(self):
        """The facade when the core talks to a server; never starts .NET just for a fact."""
        core = self._core
        if core is None and self._core_provider is None:
            from . import runtime

            if runtime.is_loaded():
                core = self.core()
        return core.facade if core is not None and getattr(core, "started", True) else None

    def state(self, doc):
        """The contexts the core's engine entered in ``doc``."""
        return Entered([Context(c.Type, c.ObjectId) for c in self.core().facade.EnteredContexts(doc.Name)])

    # --- when to look -------------------------------------------------------------------------

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
                if self._kindred is None and self._seen.get(doc.Name) != _glance(doc):
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

    # --- reporting and carrying out -----------------------------------------------------------

    def reconcile(self, doc, settled=False):
        """Reports what FreeCAD shows of ``doc`` and carries out the answer; reports again after
        backing out of something, until FreeCAD's state is what the engine entered."""
        if doc.Name in self._reconciling or not document.is_tracked(doc):
            return
        self._reconciling.add(doc.Name)
        try:
            clean = self._was_clean(doc)
            for _ in range(MAX_ROUNDS):
                self._seen[doc.Name] = _glance(doc)
                commands = self.core().facade.ContextObserved(_facts(doc, settled, self._kindred))
                settled = False
                if not self._carry_out(doc, commands, clean):
                    return
        except Exception as e:
            _error(f"SiloMod could not report the editing context of {doc.Label}: {e}")
        finally:
            self._reconciling.discard(doc.Name)

    def _carry_out(self, doc, commands, clean=False):
        """Performs the engine's commands in order; True when FreeCAD's editing state was changed."""
        name, changed = doc.Name, False
        for command in commands:
            kind = type(command).__name__
            if kind == "ResetEdit":
                edited = editing.edited_object(doc)
                if edited is not None and edited.Name == command.ObjectName:
                    editing.reset_edit(doc)
                    changed = True
            elif kind == "DeactivateBody":
                body = editing.active_body(doc)
                if body is not None and body.Name == command.BodyName:
                    editing.set_active_body(doc, None)
                    changed = True
            elif kind == "ShowBlocked":
                self._blocked(command, name if clean else None)
            elif kind == "ShowWarning":
                FreeCAD.Console.PrintWarning(f"SiloMod: {command.Message}\n")
            elif kind == "SaveForCheckpoint":
                self._later(lambda c=command: self.checkpoint(name, c.Ticket, c.SaveFirst))
            elif kind == "AskStale":
                self._later(lambda c=command: self._answer_stale(name, c))
            elif kind == "SettleAssembly":
                settle = lambda: _guarded("leaving an assembly", self._settle, name)  # noqa: E731
                self._later(lambda: self._later(settle, ASSEMBLY_SETTLE_MS))
            elif kind == "Reload":
                self.note_clean(document.reload(doc))
        return changed

    def _settle(self, doc_name):
        doc = editing.open_document(doc_name)
        if doc is not None:
            self.reconcile(doc, settled=True)

    def checkpoint(self, doc_name, ticket, save_first=True):
        """Hands file and DAG to the core (SaveForCheckpoint), saving first when the core says so."""
        doc = FreeCAD.listDocuments().get(doc_name)
        if doc is None:
            _error(f"SiloMod could not push a checkpoint: the document {doc_name} was closed.")
            return
        try:
            from SiloMod.Core.EditSessions import SavedCheckpoint

            path = document.save(doc) if save_first else document.file_path(doc)
            self.core().facade.CheckpointSaved(SavedCheckpoint(ticket, path, _dag(document.extract_dag(doc))))
        except Exception as e:
            _error(f"SiloMod could not push a checkpoint of {doc.Label}: {e}")

    def report_open_files(self, closing=None):
        facade = self._facade_if_started()
        if facade is None:
            return
        # The items open here too: the core reads who edits them, so presence is right from the start.
        paths, part_numbers = document.open_files(closing)
        try:
            facade.ReportOpenDocuments(_strings(paths), _strings(part_numbers))
        except Exception as e:
            _error(f"SiloMod could not report the open files: {e}")

    def _blocked(self, command, restore=None):
        """Shows who holds the object; ``restore`` names a document that had no unsaved changes before
        the attempt: being blocked must leave it so (no asterisk, no "save changes?" on close)."""
        holder = _holder(command.Holder)
        pn, object_id = command.PartNumber, command.ObjectId

        def show():
            try:
                if restore is not None and restore in FreeCAD.listDocuments():
                    document.restore_saved_state(FreeCAD.getDocument(restore))
                if self.on_blocked(holder, pn, object_id, command.Message):
                    self._request_handoff(holder, pn)
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

    def _answer_stale(self, doc_name, command):
        doc = FreeCAD.listDocuments().get(doc_name)
        if doc is None:
            return
        ctx = Context(command.Context.Type, command.Context.ObjectId)
        try:
            choice = self.on_stale({"message": command.Notice.Message})
            if choice == "edit_anyway":
                self.core().facade.EditAnyway(command.PartNumber)
                return
            # Cancel and Update leave first: the core releases the session and pushes nothing.
            self.leave(doc, ctx.object_id)
            if choice == "update":
                self.update(doc, ctx)
        except Exception as e:
            _error(f"SiloMod could not act on the newer version of {command.PartNumber}: {e}")

    def update(self, doc, ctx=None):
        """Brings the document's file to its item's head, reopens it, and re-enters ``ctx``."""
        pn, path = document.part_number(doc), document.file_path(doc)
        if document.modified(doc):
            from .panels import qt

            qt.show_info("Update", f"{doc.Label} has unsaved changes. Save or undo them, then choose Update again: "
                         "reopening the document would lose them.")
            return None
        self.core().facade.UpdateDocument(pn, path)
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
        from .panels import stale_dialog

        return stale_dialog.ask(stale)

    def _request_handoff(self, holder, part_number):
        session_id = holder.get("session_id")
        if not session_id:
            _error(f"{part_number} is checked out by {holder.get('user', 'another user')}; "
                   "a check-out lock has no edit session to hand over.")
            return
        self.core().facade.RequestHandoff(part_number, session_id)

    @staticmethod
    def _show_blocked_dialog(holder, part_number, object_id, _message):
        from .panels import blocked_dialog

        return blocked_dialog.show_blocked(holder, part_number, object_id)

    # --- the core's signals ------------------------------------------------------------------

    def on_signal(self, signal):
        """Pushed signals (GUI thread): the core asks to leave a context for a handoff, or has replaced a file (the engine says what follows)."""
        kind = type(signal).__name__
        if kind == "DocumentReplaced":
            doc = document.find_by_path(signal.Path)
            commands = self.core().facade.FileReplaced(signal, _facts(doc) if doc is not None else None)
            if doc is not None:
                self._carry_out(doc, commands)
        elif kind == "LeaveContextRequested":
            doc = document.find_by_part_number(signal.PartNumber)
            if doc is None:
                _error(f"SiloMod was asked to leave {signal.ObjectId} of {signal.PartNumber}, but no open document is that item.")
                return
            self.leave(doc, signal.ObjectId)

    def leave(self, doc, object_id):
        """Leaves the context of ``object_id`` and every context inside it, as the engine says how."""
        commands = self.core().facade.LeaveContext(doc.Name, object_id)
        self._reconciling.add(doc.Name)  # FreeCAD's signals meanwhile: the report below covers them
        try:
            self._carry_out(doc, commands)
        finally:
            self._reconciling.discard(doc.Name)
        self.reconcile(doc)

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
        self._seen.pop(doc_name, None)
        self._clean.pop(doc_name, None)
        facade = self._facade_if_started()
        if facade is not None:
            facade.DocumentClosed(doc_name)


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
        _guarded("forgetting a closed document", self._source.forget, name)
        _guarded("reporting open files", self._source.report_open_files, name)


# --- FreeCAD's facts as the core's records --------------------------------------------------------


def _glance(doc):
    """What the poll tick compares: the names of the object in edit and of the active body."""
    edited, body = editing.edited_object(doc), editing.active_body(doc)
    return (edited.Name if edited is not None else None, body.Name if body is not None else None)


def _facts(doc, settled=False, kindred_hooks=None):
    from SiloMod.Core.EditSessions import BodyFact, ContextFacts, EditedObject

    def body_fact(body):
        return BodyFact(body.Name, _strings(document.body_cone(doc, body.Name))) if body is not None else None

    edited = editing.edited_object(doc)
    in_edit = None
    if edited is not None:
        in_edit = EditedObject(edited.TypeId, edited.Name, _strings(document.downstream_cone(doc, edited.Name)),
                               body_fact(editing.owning_body(edited)))
    return ContextFacts(doc.Name, document.part_number(doc), document.file_path(doc), document.modified(doc),
                        in_edit, body_fact(editing.active_body(doc)), settled, _kindred_context(kindred_hooks))


def _kindred_context(hooks):
    """Kindred's current context as the core's record: its id and the dict's other entries as text."""
    current = hooks.current() if hooks is not None else None
    if not isinstance(current, dict) or not current.get("id"):
        return None
    from SiloMod.Core.EditSessions import KindredContext
    from System import String
    from System.Collections.Generic import Dictionary

    details = Dictionary[String, String]()
    for key, value in current.items():
        if key != "id" and value is not None:
            details[str(key)] = str(value)
    return KindredContext(str(current["id"]), details)


def _dag(dag):
    from Silo.Protocol.Checkpoints import Dag, DagEdge, DagNode
    from System import Array

    nodes = Array[DagNode]([DagNode(n["id"], n["type"], n["label"]) for n in dag["nodes"]])
    return Dag(nodes, Array[DagEdge]([DagEdge(e["from"], e["to"]) for e in dag["edges"]]))


def _strings(values):
    from System import Array, String

    return Array[String](list(values))


def _holder(holder):
    """The holder as the blocked dialog reads it."""
    if holder is None:
        return {}
    return {"session_id": holder.SessionId, "user": holder.User, "workstation": holder.Workstation,
            "context_level": holder.ContextLevel, "object_id": holder.ObjectId, "acquired_at": holder.AcquiredAt}


def _guarded(what, fn, *args):
    try:
        fn(*args)
    except Exception as e:
        FreeCAD.Console.PrintError(f"SiloMod failed while {what}: {e!r}\n")


def _error(message):
    FreeCAD.Console.PrintError(message.rstrip() + "\n")


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
