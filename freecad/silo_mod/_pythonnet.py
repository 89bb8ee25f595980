"""Making pythonnet work in this process, whichever way works. Only runtime.py uses this module.

``load_clr`` makes ``import clr`` work: through an installed pythonnet when it works (the
documented ``pythonnet.load("coreclr", runtime_config=...)``, or the runtime another addon loaded
already), otherwise through the Python.Runtime the bridge's build ships (_hostfxr.py). A broken
installed pythonnet is reported in the log and never fails the workbench.
"""

import os
import sys

from . import _hostfxr, build

#: How ``import clr`` was made to work: pythonnet's pip package, or the bridge's Python.Runtime.dll.
INSTALLED = "installed"
BUNDLED = "bundled"


def _installed_pythonnet(runtime_config):
    """Loads the installed pythonnet; False when there is none, raises when it is there but broken."""
    try:
        import pythonnet
    except ImportError:
        return False
    # Another addon may have loaded a runtime already; load() would refuse a second one.
    if pythonnet.get_runtime_info() is None:
        pythonnet.load("coreclr", runtime_config=runtime_config)
    import clr  # noqa: F401

    return True


def load_clr(assembly_dir, log=print):
    """Makes ``import clr`` work; returns INSTALLED or BUNDLED, and the bundled runtime to shut down (or None)."""
    if getattr(sys.modules.get("clr"), "AddReference", None) is not None:
        return INSTALLED, None  # an addon before us loaded pythonnet; its runtime serves us too
    try:
        if _installed_pythonnet(os.path.join(assembly_dir, build.RUNTIME_CONFIG)):
            return INSTALLED, None
    except Exception as e:  # pythonnet's errors (ClrError, RuntimeError, ...) share no base class
        sys.modules.pop("clr", None)
        log(f"SiloMod: the installed pythonnet does not work ({e!r}); using the one SiloMod ships.\n")
    bundled = _hostfxr.BundledPythonRuntime(assembly_dir, log).start()
    import clr  # noqa: F401

    return BUNDLED, bundled


_observer_class = None


def observer(on_next):
    """A .NET ``IObserver`` calling ``on_next(value)`` on the thread that raises each value.

    It observes ``Object``: observers are contravariant, so it subscribes to a stream of any .NET class.
    """
    global _observer_class
    if _observer_class is None:
        from System import IObserver, Object

        class PythonObserver(IObserver[Object]):
            __namespace__ = "SiloMod.Python"  # pythonnet builds a .NET type for it in this namespace

            def __init__(self, on_next):
                super().__init__()
                self._on_next = on_next

            def OnNext(self, value):  # noqa: N802 - .NET's name
                self._on_next(value)

            def OnError(self, error):  # noqa: N802 - the facade's streams never fail
                pass

            def OnCompleted(self):  # noqa: N802
                pass

        _observer_class = PythonObserver
    return _observer_class(on_next)
