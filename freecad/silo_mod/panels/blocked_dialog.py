"""The "Editing Blocked" dialog, shown when the core refuses entry into an editing context.

Its words are the core's (the facade's ``BlockedPrompt``). Automated runs answer it through
SILOMOD_AUTO_ANSWER_BLOCKED=request_handoff|ok.
"""

from __future__ import annotations

from . import qt
from .qt import QtGui

TITLE = "Editing Blocked"

# The last dialog shown: tests read its texts.
last_shown = {}


def show_blocked(prompt, parent=None) -> bool:
    """Shows the prompt modally; True when the user chose Request Handoff (the caller sends it)."""
    box = qt.message_box(TITLE, prompt.Text, prompt.Informative, "SiloEditingBlocked", parent)
    request = box.addButton("Request Handoff", QtGui.QMessageBox.ActionRole) if prompt.CanRequestHandoff else None
    ok = box.addButton("OK", QtGui.QMessageBox.AcceptRole)
    box.setDefaultButton(ok)
    qt.auto_answer(box, "SILOMOD_AUTO_ANSWER_BLOCKED", "blocked_dialog",
                   {"request_handoff": (request or ok).click, "ok": ok.click})
    qt.exec_dialog(box)
    chose_handoff = request is not None and box.clickedButton() is request
    last_shown.clear()
    last_shown.update(qt.box_shown(box), handoff=chose_handoff)
    box.deleteLater()
    return chose_handoff
