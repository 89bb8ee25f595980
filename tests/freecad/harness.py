"""Shared helpers for scripts that run inside FreeCAD (GUI under xvfb-run, or freecadcmd).

A script is launched by tests/SiloMod.FreeCAD.Tests (FreeCadProcess) with:
  SILOMOD_RESULT       where to write {"ok", "checks", "details", "error"} (FreeCAD exits 0 even
                       when a script raises, so the result file is the only verdict)
  SILOMOD_SCREENSHOTS  folder for screenshot(name)
  SILOMOD_REPO         the repository (= the addon folder, symlinked as Mod/SiloMod)
  SILOMOD_SERVER_URL / SILOMOD_TOKEN / SILOMOD_USER   when the test started a Silo server
  SILOMOD_ARGS         free-form JSON from the test (part numbers, peer result paths, ...)

Usage:
    import harness
    def main():
        harness.check("something", value == 3, value)
    harness.run(main)
"""

import json
import os
import sys
import time
import traceback

import FreeCAD

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import warnings_recorder  # noqa: E402

warnings_recorder.start()

_checks = {}
_details = {}
_written = False


def env(name, default=None):
    return os.environ.get(name, default)


def args():
    return json.loads(os.environ.get("SILOMOD_ARGS") or "{}")


def gui_up():
    return bool(getattr(FreeCAD, "GuiUp", False))


def check(name, condition, detail=None):
    """Records one named check; the result is ok only when every check holds."""
    _checks[name] = bool(condition)
    if detail is not None or not condition:
        _details[name] = repr(detail)
    FreeCAD.Console.PrintMessage(f"CHECK {'PASS' if condition else 'FAIL'} {name}: {detail!r}\n")
    return bool(condition)


def detail(name, value):
    """Extra facts for the xunit side (must be JSON-serialisable)."""
    _details[name] = value


def process_events():
    if gui_up():
        from PySide import QtGui

        QtGui.QApplication.processEvents()


def wait_until(predicate, timeout=10.0, interval=0.02):
    """Processes Qt events until predicate() is true; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        process_events()
        time.sleep(interval)


def pump(seconds):
    wait_until(lambda: False, timeout=seconds)


def screenshot(name):
    """Grabs the real main window (the 3D view included) into $SILOMOD_SCREENSHOTS/<name>.png."""
    folder = env("SILOMOD_SCREENSHOTS")
    if not folder or not gui_up():
        return None
    import FreeCADGui
    from PySide import QtGui

    os.makedirs(folder, exist_ok=True)
    process_events()
    window = FreeCADGui.getMainWindow()
    pixmap = QtGui.QGuiApplication.primaryScreen().grabWindow(window.winId())
    path = os.path.join(folder, name + ".png")
    pixmap.save(path)
    return path


def freecad_version():
    """Major.minor of the running FreeCAD ("0.20", "1.1"): the test checks it ran the one it selected."""
    return ".".join(FreeCAD.Version()[:2])


def write_result(error=None):
    global _written
    if _checks:
        warned = warnings_recorder.from_silo_mod()
        check("no Python warnings from SiloMod", not warned, warned)
    ok = error is None and bool(_checks) and all(_checks.values())
    result = {"ok": ok, "checks": _checks, "details": _details, "error": error, "freecad_version": freecad_version()}
    path = env("SILOMOD_RESULT")
    if path:
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(result, f, indent=2, default=repr)
        os.replace(tmp, path)
    _written = True
    FreeCAD.Console.PrintMessage(f"SILOMOD RESULT ok={ok}\n")
    return ok


def run(main, exit_when_done=True):
    """Runs main(), writes the result whatever happens, then ends FreeCAD."""
    error = None
    try:
        main()
    except BaseException:
        error = traceback.format_exc()
        FreeCAD.Console.PrintError(error)
    write_result(error)
    if exit_when_done:
        sys.stdout.flush()
        sys.stderr.flush()
        # Closing the main window could ask about unsaved documents; the verdict is written already.
        os._exit(0)


def setup_addon_path():
    """Makes freecad.silo_mod importable even when FreeCAD did not load the addon (freecadcmd)."""
    repo = env("SILOMOD_REPO")
    if repo and repo not in sys.path:
        sys.path.append(repo)
    import freecad

    if repo:
        candidate = os.path.join(repo, "freecad")
        if candidate not in list(freecad.__path__):
            freecad.__path__.append(candidate)


def dotnet_loaded():
    """Whether any .NET host library is mapped into this process."""
    with open("/proc/self/maps") as maps:
        text = maps.read()
    return "libhostfxr.so" in text or "libcoreclr.so" in text


def configure_silo():
    """Writes the test server's URL and token (SILOMOD_SERVER_URL / SILOMOD_TOKEN) into the
    workbench's preferences, where the workbench reads them when it connects."""
    import FreeCAD

    params = FreeCAD.ParamGet("User parameter:BaseApp/Preferences/Mod/SiloMod")
    params.SetString("server_url", env("SILOMOD_SERVER_URL", "").rstrip("/"))
    params.SetString("token", env("SILOMOD_TOKEN", ""))


def join_silo(screenshot_suffix=None):
    """What every end-to-end workstation does first: the test server in the preferences, the Start
    page closed, the SiloMod workbench activated and its core connected (a check). With a suffix,
    this run's panel screenshots are saved as name + suffix, apart from the panel tests' ones.
    Returns the names shot so far, a list that grows as panels are shot."""
    configure_silo()
    import FreeCADGui
    from freecad.silo_mod import runtime
    from freecad.silo_mod.panels import qt

    shots = []
    if screenshot_suffix:
        real_hook = qt.screenshot_hook

        def hook(name):
            shots.append(name)
            return real_hook(name + screenshot_suffix)

        qt.screenshot_hook = hook
    close_start_page()
    FreeCADGui.activateWorkbench("SiloModWorkbench")
    check("core connected after workbench activation",
          wait_until(lambda: runtime.is_loaded() and runtime.core().started, timeout=90))
    return shots


def touch(path, text=""):
    """Writes a marker file for the orchestrating test (atomically: the test never sees half of it)."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def wait_for_file(path, timeout):
    """Waits (processing Qt events) for a marker file of the orchestrating test."""
    return wait_until(lambda: os.path.exists(path), timeout=timeout)


def sha256(path):
    import hashlib

    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def close_start_page():
    """Closes FreeCAD's Start page: its web view repaints over the 3D view and dialogs under Xvfb."""
    if not gui_up():
        return
    import FreeCADGui
    from PySide import QtGui

    area = FreeCADGui.getMainWindow().findChild(QtGui.QMdiArea)
    if area is None:
        return
    for sub in area.subWindowList():
        if "Start" in sub.windowTitle():
            sub.close()
    process_events()


def show_whole_part():
    """An isometric view fitted to the document, so screenshots show the part."""
    import FreeCADGui

    view = FreeCADGui.ActiveDocument.ActiveView if FreeCADGui.ActiveDocument else None
    if view is not None:
        view.viewIsometric()
        view.fitAll()
    process_events()
