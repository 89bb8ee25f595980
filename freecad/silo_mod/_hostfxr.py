"""Starts the bundled pythonnet (the bridge's Python.Runtime.dll) through hostfxr, with ctypes only.

What pythonnet's pip package does in ``pythonnet.load("coreclr")``, for machines without it (or with
a broken one): ``libhostfxr.so`` → initialise the runtime from the bridge's runtimeconfig → load
``Python.Runtime.dll`` → call ``Python.Runtime.Loader.Initialize``; afterwards ``import clr`` works.
Every function pointer is declared with CFUNCTYPE, which releases the GIL during the call
(Python.Runtime takes it itself), and every callback object stays referenced while .NET may call it.
"""

import ctypes
import glob
import os
import re

from . import build
from ._errors import RuntimeUnavailable

PYTHON_RUNTIME = "Python.Runtime.dll"
LOADER_TYPE = b"Python.Runtime.Loader, Python.Runtime"
# hostfxr_delegate_type.hdt_load_assembly_and_get_function_pointer
HDT_LOAD_ASSEMBLY_AND_GET_FUNCTION_POINTER = 5

# hostfxr_initialize_for_runtime_config: 0 = started, 1 = the runtime already runs in this process
# (another addon, or an earlier load), 2 = it runs with different properties; all three are usable.
INIT_OK = (0, 1, 2)

ERROR_WRITER = ctypes.CFUNCTYPE(None, ctypes.c_char_p)
LOAD_ASSEMBLY_AND_GET_FUNCTION_POINTER = ctypes.CFUNCTYPE(
    ctypes.c_int32, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p,
    ctypes.POINTER(ctypes.c_void_p))
# The default entry-point signature (no delegate type given): int (void* args, int size).
COMPONENT_ENTRY_POINT = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_char_p, ctypes.c_int32)
_SIGNATURES = {
    "hostfxr_set_error_writer": ([ERROR_WRITER], ctypes.c_void_p),
    "hostfxr_initialize_for_runtime_config": ([ctypes.c_char_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)], ctypes.c_int32),
    "hostfxr_get_runtime_delegate": ([ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_void_p)], ctypes.c_int32),
    "hostfxr_close": ([ctypes.c_void_p], ctypes.c_int32),
}


def _version_key(name):
    return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.-]", name))


def loaded_hostfxr():
    """The libhostfxr.so already mapped into this process (another addon started .NET), or None."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                if line.rstrip().endswith("/libhostfxr.so"):
                    return line.split(None, 5)[-1].strip()
    except OSError:
        pass
    return None


def find_hostfxr():
    """host/fxr/<highest version>/libhostfxr.so of the first .NET install found."""
    already = loaded_hostfxr()
    if already:
        return already
    for root in build.dotnet_roots():
        versions = [os.path.basename(p) for p in glob.glob(os.path.join(root, "host", "fxr", "*"))]
        for version in sorted(versions, key=_version_key, reverse=True):
            candidate = os.path.join(root, "host", "fxr", version, "libhostfxr.so")
            if os.path.isfile(candidate):
                return candidate
    return None


class BundledPythonRuntime:
    """Python.Runtime from ``assembly_dir``, started in this process; ``start()`` then ``import clr``."""

    def __init__(self, assembly_dir, log=print):
        self._assembly = os.path.join(assembly_dir, PYTHON_RUNTIME)
        self._runtime_config = os.path.join(assembly_dir, build.RUNTIME_CONFIG)
        self._log = log
        self._errors = []
        self.hostfxr_path = None
        self.init_rc = None
        self._keep = []  # callback objects .NET may call; freeing one would crash the process
        self._shutdown = None

    def start(self):
        if not os.path.isfile(self._assembly):
            raise RuntimeUnavailable(f"SiloMod's build has no {PYTHON_RUNTIME} in {os.path.dirname(self._assembly)}: "
                                     "rebuild dotnet/SiloMod.Bridge.")
        path = find_hostfxr()
        if path is None:
            raise RuntimeUnavailable(
                "SiloMod needs the .NET 10 runtime: libhostfxr.so was not found under $DOTNET_ROOT, "
                "next to 'dotnet' on PATH, /usr/share/dotnet or /usr/lib/dotnet. Install .NET 10 from https://dot.net.")
        self.hostfxr_path = path
        hostfxr = ctypes.CDLL(path)
        for name, (argtypes, restype) in _SIGNATURES.items():
            function = getattr(hostfxr, name)
            function.argtypes, function.restype = argtypes, restype
        writer = ERROR_WRITER(self._write_error)
        self._keep.append(writer)
        hostfxr.hostfxr_set_error_writer(writer)

        handle = ctypes.c_void_p()
        rc = hostfxr.hostfxr_initialize_for_runtime_config(self._runtime_config.encode(), None, ctypes.byref(handle))
        self.init_rc = rc
        if rc not in INIT_OK or not handle.value:
            raise RuntimeUnavailable(self._failure("starting the .NET runtime", rc))
        try:
            loader_ptr = ctypes.c_void_p()
            rc = hostfxr.hostfxr_get_runtime_delegate(handle, HDT_LOAD_ASSEMBLY_AND_GET_FUNCTION_POINTER, ctypes.byref(loader_ptr))
            if rc != 0 or not loader_ptr.value:
                raise RuntimeUnavailable(self._failure("getting the assembly loader", rc))
        finally:
            hostfxr.hostfxr_close(handle)
        loader = LOAD_ASSEMBLY_AND_GET_FUNCTION_POINTER(loader_ptr.value)

        initialize = COMPONENT_ENTRY_POINT(self._entry_point(loader, "Initialize"))
        self._shutdown = COMPONENT_ENTRY_POINT(self._entry_point(loader, "Shutdown"))
        # An empty string, not NULL: the loader decodes it (NULL throws); empty means "this process's Python".
        rc = initialize(b"", 0)
        if rc != 0:
            raise RuntimeUnavailable(self._failure("initialising Python.Runtime", rc))
        return self

    def shutdown(self):
        """What pythonnet's own ``unload`` does at exit."""
        if self._shutdown is not None:
            command = b"full_shutdown"
            self._shutdown(command, len(command))
            self._shutdown = None

    def _entry_point(self, loader, method):
        pointer = ctypes.c_void_p()
        rc = loader(self._assembly.encode(), LOADER_TYPE, method.encode(), None, None, ctypes.byref(pointer))
        if rc != 0 or not pointer.value:
            raise RuntimeUnavailable(self._failure(f"loading {PYTHON_RUNTIME} ({method})", rc))
        return pointer.value

    def _write_error(self, message):
        text = message.decode("utf-8", "replace") if message else ""
        self._errors.append(text)
        self._log(f"SiloMod (.NET host): {text}\n")

    def _failure(self, what, rc):
        detail = "\n".join(self._errors[-5:])
        return (f"SiloMod could not load .NET while {what} (error 0x{rc & 0xFFFFFFFF:08x}) "
                f"using {self.hostfxr_path}.{(' ' + detail) if detail else ''} "
                "SiloMod needs the .NET 10 runtime: https://dot.net")
