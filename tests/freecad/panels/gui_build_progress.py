"""FreeCAD GUI test: the first build's progress dialog shows the build's output as it comes while the
GUI keeps running; Cancel stops the build at once and answers None; a build that ends answers its
exit code; a program that cannot start is a readable error. A shell script stands in for
`dotnet build` (the real build is build.py's own test).

QTWEBENGINE_DISABLE_SANDBOX=1 xvfb-run -a -s "-screen 0 1600x1000x24" freecad tests/freecad/panels/gui_build_progress.py
"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _harness  # noqa: E402

QtCore, QtGui = _harness.QtCore, _harness.QtGui


def _shown_dialog():
    from freecad.silo_mod.panels import build_dialog

    shown = [w for w in QtGui.QApplication.topLevelWidgets() if w.objectName() == build_dialog.OBJECT_NAME and w.isVisible()]
    return shown[0] if shown else None


def body(r):
    from freecad.silo_mod._errors import RuntimeUnavailable
    from freecad.silo_mod.panels import build_dialog

    # Ticks of a GUI timer while the caller waits for the build: the GUI must keep running.
    ticks = []
    timer = QtCore.QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    seen = {}

    def cancel_once_both_lines_show():
        dialog = _shown_dialog()
        # A second on: long enough for the GUI timer to tick many times if nothing holds the GUI thread.
        if dialog is None or "compiling B" not in dialog.output.toPlainText() or time.monotonic() - started < 1.0:
            QtCore.QTimer.singleShot(100, cancel_once_both_lines_show)
            return
        seen.update(text=dialog.output.toPlainText(), ticks=len(ticks), clipped=_harness.clipped(dialog))
        _harness.screenshot("build_progress", dialog)
        dialog.cancel_button.click()

    QtCore.QTimer.singleShot(100, cancel_once_both_lines_show)
    lines = []
    folder = tempfile.gettempdir()
    started = time.monotonic()
    code = build_dialog.run(["/bin/sh", "-c", "echo compiling A; echo compiling B; sleep 120"], folder, dict(os.environ), lines.append)
    took = time.monotonic() - started

    r.check("cancel answers None", code is None, code)
    r.check("cancel stops the build at once", took < 60, took)
    r.check("output shown as it came", "compiling A\ncompiling B" in seen.get("text", ""), seen.get("text"))
    r.check("each line passed on", lines[:2] == ["compiling A\n", "compiling B\n"], lines)
    r.check("GUI kept running while waiting", seen.get("ticks", 0) >= 10, seen.get("ticks"))
    r.check("nothing clipped", not seen.get("clipped"), seen.get("clipped"))
    png = os.path.join(_harness.screenshot_dir(), "build_progress.png")
    r.check("screenshot file", os.path.isfile(png) and os.path.getsize(png) > 5000)
    _harness.pump(100)
    r.check("dialog closed after cancel", _shown_dialog() is None)

    ended = []
    code = build_dialog.run(["/bin/sh", "-c", "echo restored; printf 'no newline at the end'; exit 3"], folder, dict(os.environ), ended.append)
    r.check("a build that ends answers its exit code", code == 3, code)
    r.check("the last line without a newline is passed on too", ended == ["restored\n", "no newline at the end\n"], ended)

    try:
        build_dialog.run([os.path.join(folder, "silomod-no-such-dotnet")], folder, dict(os.environ), ended.append)
        r.check("a program that cannot start is an error", False)
    except RuntimeUnavailable as e:
        r.check("a program that cannot start is an error", "could not run" in str(e), str(e))
    timer.stop()


_harness.run("build_progress", body)
