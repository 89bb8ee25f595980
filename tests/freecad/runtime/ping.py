# runtime.core() answers ping through pythonnet, in the GUI and in freecadcmd, with no pythonnet
# installed: the bridge's own Python.Runtime is started through hostfxr. Another addon's hostfxr
# initialisation before ours is fine. Events raised on .NET threads while Python sits in a
# blocking call into .NET arrive without a deadlock (on the GUI thread when the GUI runs).
import ctypes
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

harness.setup_addon_path()

EVENTS = 20


def start_dotnet_like_another_addon(folder):
    """What an addon hosting .NET itself does: initialise, get a runtime delegate (the runtime starts), close."""
    from freecad.silo_mod import _hostfxr

    hostfxr = ctypes.CDLL(_hostfxr.find_hostfxr())
    handle = ctypes.c_void_p()
    hostfxr.hostfxr_initialize_for_runtime_config.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
    hostfxr.hostfxr_get_runtime_delegate.argtypes = [ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_void_p)]
    hostfxr.hostfxr_close.argtypes = [ctypes.c_void_p]
    rc = hostfxr.hostfxr_initialize_for_runtime_config(
        os.path.join(folder, "SiloMod.Bridge.runtimeconfig.json").encode(), None, ctypes.byref(handle))
    delegate = ctypes.c_void_p()
    delegate_rc = hostfxr.hostfxr_get_runtime_delegate(handle, _hostfxr.HDT_LOAD_ASSEMBLY_AND_GET_FUNCTION_POINTER,
                                                       ctypes.byref(delegate))
    hostfxr.hostfxr_close(handle)
    return rc, delegate_rc


def main():
    from freecad.silo_mod import build, runtime

    mode = "gui" if harness.gui_up() else "cmd"
    harness.detail("mode", mode)
    harness.check("not loaded before first use", not runtime.is_loaded() and not harness.dotnet_loaded())
    harness.check("no pythonnet installed", _no_pythonnet())

    folder = build.ensure_built()
    harness.check("first initialisation starts the runtime", start_dotnet_like_another_addon(folder) == (0, 0))

    core = runtime.core()
    harness.check("clr bundled", core.clr_source == "bundled", core.clr_source)
    bundled = core._bundled
    harness.check("second initialisation reports already initialised", bundled.init_rc == 1, bundled.init_rc)
    ping = core.facade.Ping()
    harness.detail("ping", (ping.RuntimeVersion, ping.BridgeVersion))
    harness.check("ping runtime version", str(ping.RuntimeVersion).startswith(".NET"), ping)
    harness.check("ping bridge version", bool(ping.BridgeVersion), ping)
    harness.check("same core object on second call", runtime.core() is core)

    from SiloMod.Bridge import BridgeException

    try:
        core.facade.SyncNow()
        harness.check("core error raised", False, "no error")
    except BridgeException as e:
        harness.check("core error raised", e.Type == "core_not_started", (e.Type, e.Message))

    received = []
    subscription = core.observe(core.facade.Echoes, lambda echo: received.append((echo, threading.get_ident())))
    core.facade.Echo("seven")
    harness.wait_until(lambda: received, timeout=10)
    harness.check("event received", received and received[0][0].Payload == "seven" and received[0][0].Index == 0,
                  received)

    # .NET calls into Python from its own threads while this thread waits inside .NET: the call
    # must release the GIL, or neither side could go on.
    received.clear()
    sent = core.facade.Echo("eight", EVENTS, True)
    harness.check("blocking call returns after its events", sent == EVENTS, sent)
    harness.wait_until(lambda: len(received) >= EVENTS, timeout=10)
    harness.check("every event received", sorted(e.Index for e, _ in received) == list(range(EVENTS)), received)
    threads = {thread for _, thread in received}
    if mode == "gui":
        harness.check("event delivered on the GUI thread", threads == {threading.main_thread().ident},
                      (threads, threading.main_thread().ident))
    subscription.Dispose()
    core.facade.Echo("after dispose", 1, True)
    harness.check("no event after dispose", len(received) == EVENTS, len(received))

    facade = core.facade
    calls = 2000
    start = time.perf_counter()
    for _ in range(calls):
        facade.Ping()
    harness.detail("ping_us", (time.perf_counter() - start) / calls * 1e6)


def _no_pythonnet():
    try:
        import pythonnet  # noqa: F401
    except ImportError:
        return True
    return False


harness.run(main)
