# An installed pythonnet that imports but cannot load: the workbench says so in the Report view and
# goes on with the Python.Runtime the bridge ships.
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
sys.path.insert(0, os.path.join(HERE, "broken_pythonnet"))  # where pip would have put it
import harness  # noqa: E402

harness.setup_addon_path()


def main():
    import pythonnet

    from freecad.silo_mod import runtime

    logged = []
    runtime_log = runtime._log
    runtime._log = lambda text: (logged.append(text), runtime_log(text))
    try:
        core = runtime.core()
    finally:
        runtime._log = runtime_log
    harness.check("installed pythonnet tried", [r for r, _ in pythonnet.loads] == ["coreclr"], pythonnet.loads)
    harness.check("fallback reported", any("installed pythonnet does not work" in text for text in logged), logged)
    harness.check("clr bundled", core.clr_source == "bundled", core.clr_source)
    ping = core.facade.Ping()
    harness.check("ping answered", str(ping.RuntimeVersion).startswith(".NET"), ping)


harness.run(main)
