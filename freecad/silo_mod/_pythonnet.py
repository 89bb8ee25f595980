"""The pythonnet transport: used when ``import pythonnet`` works. Same JSON contract as _native.py.

Written to pythonnet 3's documented API: ``pythonnet.load("coreclr", runtime_config=...)`` selects
CoreCLR, ``clr.AddReference`` loads the bridge, then its public ``PythonEntry`` class is called.
"""

import os
import sys


def available():
    try:
        import pythonnet  # noqa: F401
    except ImportError:
        return False
    return True


class PythonnetTransport:
    name = "pythonnet"

    def __init__(self, assembly_dir, on_event, log=print):
        self._dir = assembly_dir
        self._on_event = on_event
        self._log = log
        self._entry = None
        self._handler = None

    def start(self):
        import pythonnet

        # Another addon may have loaded a runtime already; load() would refuse a second one.
        if pythonnet.get_runtime_info() is None:
            pythonnet.load("coreclr", runtime_config=os.path.join(self._dir, "SiloMod.Bridge.runtimeconfig.json"))
        import clr

        if self._dir not in sys.path:
            sys.path.append(self._dir)
        clr.AddReference("SiloMod.Bridge")
        from SiloMod.Bridge import PythonEntry
        from System import Action, String

        self._entry = PythonEntry
        self._handler = Action[String](self._event)  # kept referenced while .NET holds it
        PythonEntry.SetEventHandler(self._handler)
        return self

    def call(self, method, args_json):
        return str(self._entry.Call(method, args_json))

    def shutdown(self):
        self._entry.Shutdown()

    def _event(self, text):
        try:
            self._on_event(str(text))
        except Exception as e:
            self._log(f"SiloMod: handling an event from .NET failed: {e!r}\n")
