"""The "Editing Blocked" dialog shown when the core refuses entry into an editing context.

For automated runs, SILOMOD_AUTO_ANSWER_BLOCKED=request_handoff|ok answers it once it is really on
screen (after a screenshot when SILOMOD_SCREENSHOTS is set), so a test sees the same dialog a
user would.
"""

from __future__ import annotations

import os

from . import activity_model
from . import qt
from .qt import QtCore, QtGui

TITLE = "Editing Blocked"
REQUEST_HANDOFF = "Request Handoff"
OK = "OK"
AUTO_ANSWER_ENV = "SILOMOD_AUTO_ANSWER_BLOCKED"
AUTO_ANSWER_DELAY_MS = 600

# The last dialog shown: tests read its texts.
last_shown = {}


def texts(holder: dict, part_number: str, object_id: str) -> dict:
    """Main and informative text; pure so the wording is testable without Qt."""
    holder = holder or {}
    user = holder.get("user") or "Another user"
    obj = holder.get("object_id") or object_id or part_number
    workstation = holder.get("workstation") or "another workstation"
    started = activity_model.format_hm(holder.get("acquired_at"))
    if holder.get("session_id"):
        text = f"{user} is currently editing {obj} on {workstation}."
    else:
        # No session: the whole item is checked out; a handoff request has nobody to go to.
        text = f"{user} has {part_number} checked out on {workstation}."
    informative = f"Started: {started}\n\nYou cannot edit this object until they finish."
    return {"text": text, "informative": informative, "can_request_handoff": bool(holder.get("session_id"))}


def build(holder: dict, part_number: str, object_id: str, parent=None):
    """The message box and its Request Handoff button (None when there is no session to ask for)."""
    t = texts(holder, part_number, object_id)
    box = QtGui.QMessageBox(parent if parent is not None else qt.main_window())
    box.setIcon(QtGui.QMessageBox.Warning)
    box.setWindowTitle(TITLE)
    box.setText(t["text"])
    box.setInformativeText(t["informative"])
    request = box.addButton(REQUEST_HANDOFF, QtGui.QMessageBox.ActionRole) if t["can_request_handoff"] else None
    ok = box.addButton(OK, QtGui.QMessageBox.AcceptRole)
    box.setDefaultButton(ok)
    box.setObjectName("SiloEditingBlocked")
    return box, request


def _auto_answer(box, answer: str) -> None:
    if not box.isVisible():
        QtCore.QTimer.singleShot(100, lambda: _auto_answer(box, answer))
        return
    try:
        qt.screenshot_hook("blocked_dialog")
    except Exception as exc:  # a failed screenshot must not leave a modal dialog up forever
        qt.print_error(f"Silo: screenshot of the blocked dialog failed: {exc}")
    wanted = REQUEST_HANDOFF if answer == "request_handoff" else OK
    button = next((b for b in box.buttons() if b.text().replace("&", "") == wanted), None)
    if button is None:  # asked for a handoff where none can be requested
        button = next(b for b in box.buttons() if b.text().replace("&", "") == OK)
    button.click()


def show_blocked(holder: dict, part_number: str, object_id: str, parent=None) -> bool:
    """Show the dialog modally; True when the user chose Request Handoff.

    The caller (context.py) sends the request: this module only asks.
    """
    box, request = build(holder, part_number, object_id, parent)
    answer = os.environ.get(AUTO_ANSWER_ENV, "").strip().lower()
    if answer in ("request_handoff", "ok"):
        QtCore.QTimer.singleShot(AUTO_ANSWER_DELAY_MS, lambda: _auto_answer(box, answer))
    qt.exec_dialog(box)
    clicked = box.clickedButton()
    chose_handoff = request is not None and clicked is request
    last_shown.clear()
    last_shown.update(text=box.text(), informative=box.informativeText(),
                      buttons=[b.text() for b in box.buttons()], handoff=chose_handoff)
    box.deleteLater()
    return chose_handoff
