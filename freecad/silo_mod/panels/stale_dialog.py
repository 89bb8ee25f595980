"""The "Newer Version on the Server" prompt, shown on entering a context of a document that is
behind its item's head, before any edit.

Update downloads the newer version and reopens the document, Edit anyway goes on (the push at the
end will be refused and kept), Cancel leaves the context again. The wording comes from the core.

For automated runs, SILOMOD_AUTO_ANSWER_STALE=update|edit_anyway|cancel answers it once it is on
screen (after a screenshot when SILOMOD_SCREENSHOTS is set).
"""

from __future__ import annotations

import os

from . import qt
from .qt import QtCore, QtGui

TITLE = "Newer Version on the Server"
UPDATE = "update"
EDIT_ANYWAY = "edit_anyway"
CANCEL = "cancel"
LABELS = {UPDATE: "Update", EDIT_ANYWAY: "Edit anyway", CANCEL: "Cancel"}
AUTO_ANSWER_ENV = "SILOMOD_AUTO_ANSWER_STALE"
AUTO_ANSWER_DELAY_MS = 600

# The last prompt shown: tests read its texts.
last_shown = {}


def texts(stale: dict) -> dict:
    """Main and informative text; pure so the wording is testable without Qt."""
    stale = stale or {}
    return {
        "text": stale.get("message") or "A newer version of this part is on the server.",
        "informative": ("Update brings your file to it first (your own unpushed work is kept as a copy). "
                        "If you edit anyway, your changes cannot replace theirs: when you leave, they are kept "
                        "as a copy for you to settle."),
    }


def build(stale: dict, parent=None):
    t = texts(stale)
    box = QtGui.QMessageBox(parent if parent is not None else qt.main_window())
    box.setIcon(QtGui.QMessageBox.Warning)
    box.setWindowTitle(TITLE)
    box.setText(t["text"])
    box.setInformativeText(t["informative"])
    buttons = {
        UPDATE: box.addButton(LABELS[UPDATE], QtGui.QMessageBox.AcceptRole),
        EDIT_ANYWAY: box.addButton(LABELS[EDIT_ANYWAY], QtGui.QMessageBox.DestructiveRole),
        CANCEL: box.addButton(LABELS[CANCEL], QtGui.QMessageBox.RejectRole),
    }
    box.setDefaultButton(buttons[UPDATE])
    box.setEscapeButton(buttons[CANCEL])
    box.setObjectName("SiloNewerVersion")
    return box, buttons


def _auto_answer(box, button) -> None:
    if not box.isVisible():
        QtCore.QTimer.singleShot(100, lambda: _auto_answer(box, button))
        return
    try:
        qt.screenshot_hook("stale_dialog")
    except Exception as exc:  # a failed screenshot must not leave a modal dialog up forever
        qt.print_error(f"Silo: screenshot of the newer-version prompt failed: {exc}")
    button.click()


def ask(stale: dict, parent=None) -> str:
    """Shows the prompt modally; returns update, edit_anyway or cancel (closing it is cancel)."""
    box, buttons = build(stale, parent)
    answer = os.environ.get(AUTO_ANSWER_ENV, "").strip().lower()
    if answer in buttons:
        QtCore.QTimer.singleShot(AUTO_ANSWER_DELAY_MS, lambda: _auto_answer(box, buttons[answer]))
    qt.exec_dialog(box)
    clicked = box.clickedButton()
    choice = next((key for key, button in buttons.items() if button is clicked), CANCEL)
    last_shown.clear()
    last_shown.update(text=box.text(), informative=box.informativeText(), buttons=[b.text() for b in box.buttons()], choice=choice)
    box.deleteLater()
    return choice
