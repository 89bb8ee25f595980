"""The process-wide connection to SiloMod's .NET core.

``core()`` starts .NET on first use (never at FreeCAD start-up) through pythonnet: the installed one
when it works, otherwise the Python.Runtime the bridge's build ships (_pythonnet.py).

``Core.facade`` is the typed .NET surface. Its streams push values on .NET threads: ``Core.observe``
re-emits each one on the Qt GUI thread (queued signal) when FreeCAD's GUI runs; without a GUI
(freecadcmd, plain Python) the slot runs on the .NET thread.
"""

import atexit
import sys
import threading

from . import _pythonnet, build
from ._errors import RuntimeUnavailable

__all__ = ["Core", "RuntimeUnavailable", "core", "is_loaded", "shutdown"]

_lock = threading.RLock()
_core = None
# The GUI's first build runs in a local event loop: what FreeCAD does meanwhile must not start another.
_building = False

BUILDING_MESSAGE = "SiloMod is still building its .NET part; it starts once the build is done."


def _log(text, error=False):
    try:
        import FreeCAD

        (FreeCAD.Console.PrintError if error else FreeCAD.Console.PrintMessage)(text)
    except ImportError:
        print(text, end="", file=sys.stderr if error else sys.stdout)


def _gui_up():
    try:
        import FreeCAD
    except ImportError:
        return False
    if not getattr(FreeCAD, "GuiUp", False):
        return False
    from PySide import QtCore

    return QtCore.QCoreApplication.instance() is not None


_hop_class = None


def _gui_thread(deliver):
    """``deliver`` as a callable that, from any thread, runs it on the GUI thread; unchanged without a GUI."""
    global _hop_class
    if not _gui_up():
        return deliver
    if _hop_class is None:
        from PySide import QtCore

        class GuiThreadHop(QtCore.QObject):
            """Lives on the GUI thread: its queued signal runs its own slot there (a plain function
            as the slot would run wherever PySide's receiver for it lives)."""

            _incoming = QtCore.Signal(object)

            def __init__(self, deliver):
                super().__init__()
                self._deliver_to = deliver
                self.moveToThread(QtCore.QCoreApplication.instance().thread())
                self._incoming.connect(self._deliver, QtCore.Qt.QueuedConnection)

            def post(self, value):
                self._incoming.emit(value)

            def _deliver(self, value):
                self._deliver_to(value)

        _hop_class = GuiThreadHop
    return _hop_class(deliver).post


class Core:
    """The typed ``facade`` (SiloMod.Bridge.WorkbenchFacade) and ``observe`` for its streams."""

    def __init__(self, assembly_dir):
        self._started_hooks = []
        self.assembly_dir = assembly_dir
        #: "installed" (pythonnet's pip package) or "bundled" (the bridge's Python.Runtime.dll).
        self.clr_source, self._bundled = _pythonnet.load_clr(assembly_dir, _log)
        import clr

        if assembly_dir not in sys.path:
            sys.path.append(assembly_dir)
        clr.AddReference("SiloMod.Bridge")
        from SiloMod.Bridge import PythonEntry

        self._entry = PythonEntry
        self.facade = PythonEntry.Facade

    @property
    def started(self):
        """True between a successful ``connect`` and ``Stop``: the core talks to a server."""
        return bool(self.facade.IsStarted)

    def connect(self, request, force=False):
        """The facade's Connect (a SiloMod.Bridge.StartRequest); the ``on_started`` hooks run when it started the core."""
        connection = self.facade.Connect(request, force)
        if connection.StartedNow:
            for hook in list(self._started_hooks):
                hook(self)
        return connection.Identity

    def observe(self, stream, slot):
        """Subscribes ``slot(value)`` to one of the facade's streams; ``Dispose()`` the answer to end it.

        ``slot`` runs on the GUI thread (queued signal) when FreeCAD's GUI runs, otherwise on the .NET
        thread that raised the value.
        """
        return stream.Subscribe(_pythonnet.observer(_gui_thread(slot)))

    def on_started(self, hook):
        """``hook(core)`` runs after each start of the core (e.g. to report the open files)."""
        self._started_hooks.append(hook)

    def shutdown(self):
        self._entry.Shutdown()
        if self._bundled is not None:
            self._bundled.shutdown()  # as pythonnet's own atexit does for the runtime it loaded


def core():
    """The process-wide Core, loading .NET the first time (raises RuntimeUnavailable with what to install)."""
    global _core, _building
    with _lock:
        if _core is None:
            if _building:
                raise RuntimeUnavailable(BUILDING_MESSAGE)
            _building = True
            try:
                assembly_dir = build.ensure_built(_log, run=_build_runner())
            finally:
                _building = False
            try:
                _core = Core(assembly_dir)
            except RuntimeUnavailable:
                raise
            except Exception as e:
                raise RuntimeUnavailable(f"SiloMod could not load its .NET part from {assembly_dir}: {e}") from e
            atexit.register(shutdown)
        return _core


def _build_runner():
    """In FreeCAD's GUI, a first build shows its progress in a dialog with Cancel; elsewhere it writes to the console."""
    if not _gui_up():
        return None
    from .panels import build_dialog

    return build_dialog.run


def is_loaded():
    return _core is not None


def shutdown():
    """Stops the core before Python goes away, so no .NET thread calls into a finalized interpreter."""
    global _core
    with _lock:
        current, _core = _core, None
    if current is not None:
        try:
            current.shutdown()
        except Exception as e:
            _log(f"SiloMod: stopping the core failed: {e!r}\n", error=True)
