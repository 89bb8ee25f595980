"""The process-wide connection to SiloMod's .NET core.

``core()`` starts .NET on first use (never at FreeCAD start-up) through pythonnet: the installed one
when it works, otherwise the Python.Runtime the bridge's build ships (_pythonnet.py).

``Core.facade`` is the typed .NET surface. Its streams push values on .NET threads: ``Core.observe``
re-emits each one on the Qt GUI thread (queued signal) when FreeCAD's GUI runs; without a GUI
(freecadcmd, plain Python) the slot runs on the .NET thread.
"""

import atexit
import threading

from . import build
from ._errors import CoreError, RuntimeUnavailable

__all__ = ["Core", "CoreError", "RuntimeUnavailable", "core", "is_loaded", "shutdown"]

_lock = threading.RLock()
_core = None
# The GUI's first build runs in a local event loop: what FreeCAD does meanwhile must not start another.
_building = False

BUILDING_MESSAGE = "SiloMod is still building its .NET part; it starts once the build is done."


def _log(text):
    try:
        import FreeCAD

        FreeCAD.Console.PrintMessage(text)
    except ImportError:
        print(text, end="")


def _log_error(text):
    try:
        import FreeCAD

        FreeCAD.Console.PrintError(text)
    except ImportError:
        import sys

        print(text, end="", file=sys.stderr)


def _gui_up():
    try:
        import FreeCAD
    except ImportError:
        return False
    if not getattr(FreeCAD, "GuiUp", False):
        return False
    from PySide import QtCore

    return QtCore.QCoreApplication.instance() is not None


class _PlainHop:
    """Without a Qt GUI there is no GUI thread to reach: ``deliver`` runs on the posting thread."""

    def __init__(self, deliver):
        self.post = deliver


_qt_hop_class = None


def _make_qt_hop(deliver):
    """An object whose ``post(value)``, called from any thread, runs ``deliver(value)`` on the GUI thread."""
    global _qt_hop_class
    if _qt_hop_class is None:
        from PySide import QtCore

        class GuiThreadHop(QtCore.QObject):
            """Lives on the GUI thread, so its queued signal is delivered there."""

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

        _qt_hop_class = GuiThreadHop
    return _qt_hop_class(deliver)


def _hop(deliver):
    return _make_qt_hop(deliver) if _gui_up() else _PlainHop(deliver)


class Core:
    """The proxy to the core: its typed ``facade`` and ``observe`` for the facade's streams."""

    def __init__(self, transport_factory, assembly_dir):
        self._started_hooks = []
        self.assembly_dir = assembly_dir
        self._transport = transport_factory(assembly_dir, _log).start()

    @property
    def clr_source(self):
        """"installed" (pythonnet's pip package) or "bundled" (the bridge's Python.Runtime.dll)."""
        return self._transport.source

    @property
    def started(self):
        """True between a successful ``start`` and ``Stop``: the core talks to a server."""
        return bool(self.facade.IsStarted)

    def start(self, request):
        """Starts the core (a SiloMod.Bridge.StartRequest), then runs the ``on_started`` hooks; answers its CoreIdentity."""
        identity = self.facade.Start(request)
        for hook in list(self._started_hooks):
            hook(self)
        return identity

    @property
    def facade(self):
        """The typed .NET surface (SiloMod.Bridge.WorkbenchFacade): call its methods with typed arguments."""
        return self._transport.facade

    def observe(self, stream, slot):
        """Subscribes ``slot(value)`` to one of the facade's streams (an IObservable).

        ``slot`` runs on the GUI thread (queued signal) when FreeCAD's GUI runs, otherwise on the .NET
        thread that raised the value. Returns the .NET subscription: ``Dispose()`` ends it.
        """
        return stream.Subscribe(self._transport.observer(_hop(slot).post))

    def on_started(self, hook):
        """``hook(core)`` runs after each successful ``start`` (e.g. to report the open files)."""
        self._started_hooks.append(hook)

    def shutdown(self):
        self._transport.shutdown()


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
            from ._pythonnet import PythonnetTransport

            try:
                _core = Core(PythonnetTransport, assembly_dir)
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
    """Whether .NET was started by SiloMod in this process."""
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
            _log_error(f"SiloMod: stopping the core failed: {e!r}\n")
