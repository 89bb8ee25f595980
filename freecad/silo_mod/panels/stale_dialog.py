"""The "Newer Version on the Server" prompt, on entering a context of a document behind its item's head.

Update downloads the newer version and reopens the document, Edit anyway goes on (the push at the
end will be refused and kept), Cancel leaves the context again. The main text comes from the core.
Automated runs answer it through SILOMOD_AUTO_ANSWER_STALE=update|edit_anyway|cancel.
"""

from __future__ import annotations

from . import qt
from .qt import QtGui

TITLE = "Newer Version on the Server"
CANCEL = "cancel"
INFORMATIVE = ("Update brings your file to it first (your own unpushed work is kept as a copy). If you edit anyway, "
               "your changes cannot replace theirs: when you leave, they are kept as a copy for you to settle.")

# The last prompt shown: tests read its texts.
last_shown = {}


def ask(stale: dict, parent=None) -> str:
    """Shows the prompt modally; returns update, edit_anyway or cancel (closing it is cancel)."""
    text = (stale or {}).get("message") or "A newer version of this part is on the server."
    box = qt.message_box(TITLE, text, INFORMATIVE, "SiloNewerVersion", parent)
    buttons = {
        "update": box.addButton("Update", QtGui.QMessageBox.AcceptRole),
        "edit_anyway": box.addButton("Edit anyway", QtGui.QMessageBox.DestructiveRole),
        CANCEL: box.addButton("Cancel", QtGui.QMessageBox.RejectRole),
    }
    box.setDefaultButton(buttons["update"])
    box.setEscapeButton(buttons[CANCEL])
    qt.auto_answer(box, "SILOMOD_AUTO_ANSWER_STALE", "stale_dialog", {key: b.click for key, b in buttons.items()})
    qt.exec_dialog(box)
    choice = next((key for key, button in buttons.items() if button is box.clickedButton()), CANCEL)
    last_shown.clear()
    last_shown.update(qt.box_shown(box), choice=choice)
    box.deleteLater()
    return choice
