"""The "Editing Blocked" dialog, shown when the core refuses entry into an editing context.

Automated runs answer it through SILOMOD_AUTO_ANSWER_BLOCKED=request_handoff|ok.
"""

from __future__ import annotations

from . import activity_model
from . import qt
from .qt import QtGui

TITLE = "Editing Blocked"

# The last dialog shown: tests read its texts.
last_shown = {}


def texts(holder: dict, part_number: str, object_id: str) -> dict:
    holder = holder or {}
    user = holder.get("user") or "Another user"
    workstation = holder.get("workstation") or "another workstation"
    if holder.get("session_id"):
        text = f"{user} is currently editing {holder.get('object_id') or object_id or part_number} on {workstation}."
    else:
        # No session: the whole item is checked out; a handoff request has nobody to go to.
        text = f"{user} has {part_number} checked out on {workstation}."
    return {"text": text, "can_request_handoff": bool(holder.get("session_id")),
            "informative": f"Started: {activity_model.format_hm(holder.get('acquired_at'))}\n\n"
                           "You cannot edit this object until they finish."}


def show_blocked(holder: dict, part_number: str, object_id: str, parent=None) -> bool:
    """Shows the dialog modally; True when the user chose Request Handoff (the caller sends it)."""
    t = texts(holder, part_number, object_id)
    box = qt.message_box(TITLE, t["text"], t["informative"], "SiloEditingBlocked", parent)
    request = box.addButton("Request Handoff", QtGui.QMessageBox.ActionRole) if t["can_request_handoff"] else None
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
