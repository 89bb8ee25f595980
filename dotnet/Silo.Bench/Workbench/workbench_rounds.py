# Runs inside the real FreeCAD GUI, launched by Silo.Bench's workbench scenario (WorkbenchBenchmark.cs).
# Times the real SiloMod workbench on the GUI thread and writes the samples (ms) as JSON:
#   activation  Gui.activateWorkbench → .NET loaded and the core started
#   ping        a bare facade call (the baseline)
#   enter       the adapter's handling of entering a sketch (FollowContext with the entry gate)
#   leave       the adapter's GUI-thread time leaving the body of a ~100 MB part, FreeCAD's save excluded
#
# Environment: SILOMOD_ARGS (JSON: mode, rounds, part numbers, blob_mb, folder), SILOMOD_REPO, SILOMOD_RESULT,
# SILOMOD_SERVER_URL, SILOMOD_TOKEN. mode "activate" stops after the first figure.
import json
import os
import sys
import time
import traceback

import FreeCAD as App
import FreeCADGui as Gui
from PySide import QtGui

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import parts  # noqa: E402

ARGS = json.loads(os.environ["SILOMOD_ARGS"])
RESULT = {"activation": None, "ping": [], "enter": [], "enter_set_edit": [], "leave": [], "leave_save": []}


def ms(ticks):
    return ticks / 1e6


def wait_until(predicate, timeout, interval=0.002):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        QtGui.QApplication.processEvents()
        time.sleep(interval)


def require(what, value):
    if not value:
        raise RuntimeError(f"gave up waiting: {what}")
    return value


def close_start_page():
    area = Gui.getMainWindow().findChild(QtGui.QMdiArea)
    for sub in area.subWindowList() if area is not None else []:
        if "Start" in sub.windowTitle():
            sub.close()
    QtGui.QApplication.processEvents()


def padded_part(name, blob_path=None):
    """The tests' bracket part; with blob_path, an included file of that size makes the saved part big."""
    doc = parts.bracket(name)
    if blob_path:
        blob = doc.addObject("App::FeaturePython", "Blob")
        blob.addProperty("App::PropertyFileIncluded", "Data")
        blob.Data = blob_path
    doc.recompute()
    return doc


class Timed:
    """Wraps a bound method of the adapter so each call's (start, duration) lands in a list."""

    def __init__(self, owner, name):
        self.spans, self._inner = [], getattr(owner, name)
        setattr(owner, name, self)

    @property
    def calls(self):
        return [duration for _, duration in self.spans]

    def within(self, outer):
        """Time of the calls made while one of ``outer``'s calls ran."""
        return sum(d for start, d in self.spans if any(o <= start < o + od for o, od in outer.spans))

    def __call__(self, *args, **kwargs):
        begun = time.perf_counter_ns()
        try:
            return self._inner(*args, **kwargs)
        finally:
            self.spans.append((begun, time.perf_counter_ns() - begun))


def main():
    params = App.ParamGet("User parameter:BaseApp/Preferences/Mod/SiloMod")
    params.SetString("server_url", os.environ["SILOMOD_SERVER_URL"].rstrip("/"))
    params.SetString("token", os.environ["SILOMOD_TOKEN"])
    close_start_page()
    from freecad.silo_mod import context, document, runtime

    begun = time.perf_counter_ns()
    Gui.activateWorkbench("SiloModWorkbench")
    require("core started", wait_until(lambda: runtime.is_loaded() and runtime.core().started, timeout=120))
    RESULT["activation"] = ms(time.perf_counter_ns() - begun)
    if ARGS["mode"] == "activate":
        return

    core = runtime.core()
    rounds, folder = ARGS["rounds"], ARGS["folder"]
    for _ in range(rounds):
        begun = time.perf_counter_ns()
        core.facade.Ping()
        RESULT["ping"].append(ms(time.perf_counter_ns() - begun))

    source = require("context source", context.source())
    # The core follows the change in one call; what it defers (the checkpoint's save and hand-over) runs in run_later.
    reconcile, checkpoint = Timed(source, "follow"), Timed(source, "run_later")
    save = Timed(document, "save")  # editing.py calls document.save through the module
    # FreeCAD's save signal runs these SiloMod handlers inside the save: they count as SiloMod's time.
    on_saved = [Timed(source, "document_event")]
    # Dialogs the core may ask for between rounds (answered by SILOMOD_AUTO_ANSWER_*): counted, not timed.
    prompts = {"stale": Timed(source, "on_stale"), "blocked": Timed(source, "on_blocked")}
    pushed = []
    core.observe(core.facade.Signals, lambda s: pushed.append(s) if s.Kind == "checkpoint_pushed" else None)
    body_context = [("PartDesign", "Body")]

    # Entering a sketch: the adapter reports it (one FollowContext, the gate acquires a session).
    small = padded_part("Small")
    document.mark_tracked(small, ARGS["small_part_number"])
    small.saveAs(os.path.join(folder, ARGS["small_part_number"] + ".FCStd"))
    small_gui = Gui.getDocument(small.Name)
    for _ in range(rounds + 1):
        reconcile.spans.clear()
        begun = time.perf_counter_ns()
        small_gui.setEdit(small.getObject("Sketch"))
        require("sketch entered", wait_until(lambda: reconcile.calls, timeout=10))
        set_edit = time.perf_counter_ns() - begun
        entered = sum(reconcile.calls)
        small_gui.resetEdit()
        require("sketch left", wait_until(lambda: source.entered(small) == [], timeout=10))
        RESULT["enter"].append(ms(entered))
        RESULT["enter_set_edit"].append(ms(set_edit))
    RESULT["enter"], RESULT["enter_set_edit"] = RESULT["enter"][1:], RESULT["enter_set_edit"][1:]  # the first warms up
    App.closeDocument(small.Name)

    # Leaving the body of the big part: every round modifies it, activates and deactivates the body;
    # the adapter reports the exit, saves (excluded) and hands file and DAG to the core.
    blob_path = os.path.join(folder, "blob.bin")
    with open(blob_path, "wb") as f:
        for _ in range(ARGS["blob_mb"]):
            f.write(os.urandom(1 << 20))  # random: the FCStd zip cannot shrink it
    big = padded_part("Big", blob_path)
    document.mark_tracked(big, ARGS["big_part_number"])
    big_path = os.path.join(folder, ARGS["big_part_number"] + ".FCStd")
    big.saveAs(big_path)
    RESULT["big_file_bytes"] = os.path.getsize(big_path)
    big_gui = Gui.getDocument(big.Name)
    view = big_gui.ActiveView
    for i in range(rounds + 1):
        big.getObject("Pad").Length = 10 + (i % 2)
        big.recompute()
        view.setActiveObject("pdbody", big.getObject("Body"))
        require("body entered", wait_until(lambda: source.entered(big) == body_context, timeout=10))
        for timed in [reconcile, checkpoint, save, *on_saved]:
            timed.spans.clear()
        before = len(pushed)
        view.setActiveObject("pdbody", None)
        require("checkpoint handed over", wait_until(lambda: checkpoint.calls, timeout=60))
        if i > 0:  # the first warms up
            in_save = sum(timed.within(save) for timed in on_saved)
            RESULT["leave"].append(ms(sum(reconcile.calls) + sum(checkpoint.calls) - sum(save.calls) + in_save))
            RESULT["leave_save"].append(ms(sum(save.calls) - in_save))
        # The next round starts with the previous push done, so rounds do not pile uploads up.
        require("checkpoint pushed", wait_until(lambda: len(pushed) > before, timeout=180, interval=0.02))
    RESULT["prompts"] = {name: len(timed.spans) for name, timed in prompts.items()}


def write(error):
    RESULT["error"] = error
    path = os.environ["SILOMOD_RESULT"]
    with open(path + ".tmp", "w") as f:
        json.dump(RESULT, f)
    os.replace(path + ".tmp", path)


try:
    main()
    write(None)
except BaseException:
    write(traceback.format_exc())
os._exit(0)
