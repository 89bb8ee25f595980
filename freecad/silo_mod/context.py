"""The context source: tells the core when FreeCAD's editing state may have changed.

Everything that decides is the core's (SiloMod.Core.EditSessions: ContextEngine, ContextFollower):
which contexts a document is in, what a move closes, what was refused, when to look again, what
"unmodified" was, how a prompt's answer goes on. This module only says when to look: Kindred
Create's ``kindred_sdk.on_context_enter/exit`` when present, else FreeCAD's GUI document observer
plus a poll of the active body, which raises no signal. The core reads and acts through
``editing.host``. Only Silo-tracked documents start .NET.
"""

import FreeCAD

from . import document, editing, kindred

POLL_INTERVAL_MS = 250


class ContextSource:
    def __init__(self, core_provider=None, on_blocked=None, defer=None, on_stale=None, kindred_sdk=None):
        """
        core_provider: returns the Core proxy (default connection.connected_core).
        on_blocked(blocked): shows the core's ShowBlocked, True for Request Handoff (default: the
        Editing Blocked dialog). on_stale(stale): update, edit_anyway or
        cancel (default: the Newer Version prompt). defer(fn): runs fn after the current FreeCAD
        signal returned (default: a QTimer). kindred_sdk: default kindred_sdk when importable.
        """
        self._core_provider = core_provider
        self.on_blocked = on_blocked or self._show_blocked_dialog
        self.on_stale = on_stale or _ask_stale_dialog
        self._defer = defer
        self._kindred_sdk = kindred_sdk
        self._core = self._subscription = self._timer = self._kindred = None
        self._gui_observer = _GuiObserver(self)
        self._app_observer = _AppObserver(self)

    def install(self):
        import FreeCADGui
        from PySide import QtCore

        FreeCAD.addDocumentObserver(self._app_observer)
        sdk = self._kindred_sdk or kindred.sdk()
        if sdk is not None:
            self._kindred = kindred.ContextHooks(sdk, self.on_context_hook)
        else:
            FreeCADGui.addDocumentObserver(self._gui_observer)
        # The tick also lets the core note when FreeCAD shows a document unmodified, with Kindred too.
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

    def kindred_context(self):
        """Kindred's current context dict, reported with FreeCAD's facts; None outside Kindred Create."""
        return self._kindred.current() if self._kindred is not None else None

    def core(self):
        """The core, started on first need; the host, its signals and the open-file list are hooked up once."""
        if self._core is None:
            if self._core_provider is not None:
                core = self._core_provider()
            else:
                from . import connection

                core = connection.connected_core()
            core.facade.AttachContextHost(editing.host(self), self.uses_kindred)
            self._subscription = core.observe(core.facade.Signals, core.facade.ContextSignal)
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

    def entered(self, doc):
        """The contexts the core entered in ``doc``, outermost first, as (type, object id)."""
        return [(c.Type, c.ObjectId) for c in self.core().facade.EnteredContexts(doc.Name)]

    def follow(self, doc, polled=False):
        """Something may have changed in ``doc``: the core looks (a poll tick only when the glance changed)."""
        if doc is not None and document.is_tracked(doc):
            facade = self.core().facade
            (facade.ContextPolled if polled else facade.FollowContext)(doc.Name)

    def poll(self):
        """The timer's tick: FreeCAD raises no signal when the active body changes."""
        _guarded("tracking the active body", self.follow, editing.active_gui_document(), True)

    def on_context_hook(self):
        """Kindred Create entered or left a context: it always concerns the active document."""
        _guarded("following Kindred's editing context", self.follow, editing.active_gui_document())

    def report_open_files(self, closing=None):
        facade = self._facade_if_started()
        if facade is not None:
            # The items open here too: the core reads who edits them, so presence is right from the start.
            paths, part_numbers = document.open_files(closing)
            _guarded("reporting open files", facade.ReportOpenDocuments, editing.strings(paths), editing.strings(part_numbers))

    def document_event(self, name, closed=False):
        """A document was opened, saved or closed."""
        facade = self._facade_if_started()
        if facade is not None:
            (facade.DocumentClosed if closed else facade.DocumentSettled)(name)
        self.report_open_files(name if closed else None)

    def later(self, fn, delay_ms=0):
        if self._defer is not None:
            self._defer(fn)
        elif getattr(FreeCAD, "GuiUp", False):
            from PySide import QtCore

            QtCore.QTimer.singleShot(delay_ms, lambda: self.run_later(fn))
        else:
            self.run_later(fn)

    def _show_blocked_dialog(self, blocked):
        from .panels import blocked_dialog

        return blocked_dialog.show_blocked(self.core().facade.BlockedPrompt(blocked))

    @staticmethod
    def run_later(fn):
        """What the core deferred, now running (one place to time it)."""
        fn()


class _GuiObserver:
    """FreeCADGui document observer; FreeCAD calls these slots on the GUI thread."""

    def __init__(self, source):
        self._source = source

    def slotInEdit(self, vp):
        _guarded("entering an edit", self._source.follow, _document_of(vp))

    def slotResetEdit(self, vp):
        _guarded("leaving an edit", self._source.follow, _document_of(vp))


class _AppObserver:
    """FreeCAD document observer: the open-file list for deferred downloads, and unsaved changes."""

    def __init__(self, source):
        self._source = source

    def slotCreatedDocument(self, doc):
        _guarded("reporting open files", self._source.report_open_files)

    def slotFinishRestoreDocument(self, doc):
        _guarded("noting an opened document", self._source.document_event, doc.Name)

    def slotFinishSaveDocument(self, doc, filename):
        _guarded("noting a saved document", self._source.document_event, doc.Name)

    def slotDeletedDocument(self, doc):
        _guarded("forgetting a closed document", self._source.document_event, doc.Name, True)


def _document_of(vp):
    obj = getattr(vp, "Object", None)
    # A view provider without .Object (FreeCAD 1.x's assembly) belongs to the document being edited.
    return obj.Document if obj is not None else editing.active_gui_document()


def _ask_stale_dialog(stale):
    from .panels import stale_dialog

    return stale_dialog.ask(stale)


def _guarded(what, fn, *args):
    try:
        fn(*args)
    except Exception as e:
        # A Qt slot or FreeCAD signal must not raise: say what failed instead.
        FreeCAD.Console.PrintError(f"SiloMod failed while {what}: {e!r}\n")


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
