# runtime.core() answers ping over the native transport, in the GUI and in freecadcmd; a second
# hostfxr initialisation in the process (another addon started .NET first) is fine; events arrive
# (on the GUI thread when the GUI runs).
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

harness.setup_addon_path()


def main():
    from freecad.silo_mod import _native, build, runtime

    mode = "gui" if harness.gui_up() else "cmd"
    harness.detail("mode", mode)
    harness.check("not loaded before first use", not runtime.is_loaded() and not harness.dotnet_loaded())
    harness.check("transport chosen is native", runtime.transport_name() == "native", runtime.transport_name())

    # "Another addon" starts CoreCLR first through its own hostfxr initialisation.
    folder = build.ensure_built()
    other = _native.NativeTransport(folder, lambda text: None).start()
    harness.check("first initialisation starts the runtime", other.init_rc == 0, other.init_rc)

    core = runtime.core()
    harness.check("second initialisation reports already initialised", core._transport.init_rc == 1, core._transport.init_rc)
    ping = core.call("ping")
    harness.detail("ping", ping)
    harness.check("ping transport native", ping.get("transport") == "native", ping)
    harness.check("ping runtime version", str(ping.get("runtime_version", "")).startswith(".NET"), ping)
    harness.check("ping bridge version", bool(ping.get("bridge_version")), ping)
    harness.check("other transport still answers", '"transport":"native"' in other.call("ping", "{}"))
    harness.check("same core object on second call", runtime.core() is core)

    try:
        core.call("status")
        harness.check("core error raised", False, "no error")
    except runtime.CoreError as e:
        harness.check("core error raised", e.type == "core_not_started", (e.type, e.message))

    received = []
    core.signals.received.connect(lambda event: received.append((event, threading.get_ident())))
    core.call("echo_event", payload={"n": 7})
    harness.wait_until(lambda: received, timeout=10)
    harness.check("event received", received and received[0][0].get("kind") == "echo"
                  and received[0][0].get("payload") == {"n": 7}, received)
    if mode == "gui" and received:
        harness.check("event delivered on the GUI thread", received[0][1] == threading.main_thread().ident,
                      (received[0][1], threading.main_thread().ident))

    calls = 2000
    import time

    start = time.perf_counter()
    for _ in range(calls):
        core.call("ping")
    harness.detail("ping_us", (time.perf_counter() - start) / calls * 1e6)


harness.run(main)
