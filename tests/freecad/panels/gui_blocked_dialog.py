"""FreeCAD GUI test: the Editing Blocked dialog appears, is screenshotted, and is answered by
SILOMOD_AUTO_ANSWER_BLOCKED (both answers, and the check-out variant without Request Handoff).

QTWEBENGINE_DISABLE_SANDBOX=1 xvfb-run -a -s "-screen 0 1600x1000x24" freecad tests/freecad/panels/gui_blocked_dialog.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _harness  # noqa: E402

import fake_dotnet as net  # noqa: E402

# The core's words (SiloMod.Core.EditSessions.BlockedPrompt, worded and tested there).
HELD = net.BlockedPrompt("alice is currently editing Sketch001 on ws-alice.",
                         "Started: 14:00\n\nYou cannot edit this object until they finish.", True)
CHECKED_OUT = net.BlockedPrompt("alice has PRT-100 checked out on ws-alice.", "Started: 14:00", False)


def body(r):
    from freecad.silo_mod.panels import blocked_dialog, qt

    shots = []
    clipping = []
    real_hook = qt.screenshot_hook

    def hook(name):
        # The dialog must be on screen when the screenshot is taken.
        visible = [w for w in _harness.QtGui.QApplication.topLevelWidgets()
                   if w.objectName() == "SiloEditingBlocked" and w.isVisible()]
        shots.append((name, bool(visible)))
        if visible:
            clipping.extend(_harness.clipped(visible[0]))
        return real_hook(name) if len(shots) == 1 else True

    qt.screenshot_hook = hook

    os.environ["SILOMOD_AUTO_ANSWER_BLOCKED"] = "request_handoff"
    chose = blocked_dialog.show_blocked(HELD)
    shown = dict(blocked_dialog.last_shown)
    r.check("request_handoff_returns_true", chose is True)
    r.check("text", shown["text"] == HELD.Text, shown["text"])
    r.check("informative", shown["informative"] == HELD.Informative,
            shown["informative"])
    r.check("buttons", sorted(b.replace("&", "") for b in shown["buttons"]) == ["OK", "Request Handoff"], shown["buttons"])
    r.check("screenshot_taken_while_visible", shots[:1] == [("blocked_dialog", True)], shots)
    r.check("nothing clipped", not clipping, clipping)
    png = os.path.join(_harness.screenshot_dir(), "blocked_dialog.png")
    r.check("screenshot_file", os.path.isfile(png) and os.path.getsize(png) > 10000)

    os.environ["SILOMOD_AUTO_ANSWER_BLOCKED"] = "ok"
    r.check("ok_returns_false", blocked_dialog.show_blocked(HELD) is False)

    os.environ["SILOMOD_AUTO_ANSWER_BLOCKED"] = "request_handoff"
    r.check("checkout_has_no_handoff", blocked_dialog.show_blocked(CHECKED_OUT) is False)
    r.check("checkout_text", blocked_dialog.last_shown["text"] == CHECKED_OUT.Text,
            blocked_dialog.last_shown["text"])
    r.check("checkout_buttons", [b.replace("&", "") for b in blocked_dialog.last_shown["buttons"]] == ["OK"])
    qt.screenshot_hook = real_hook


_harness.run("blocked_dialog", body)
