"""The "Create Item" dialog of Track Document: the core's proposal, editable, then Create or Cancel.

For automated runs, SILOMOD_AUTO_ANSWER_TRACK=create|cancel answers it once it is on screen
(after a screenshot when SILOMOD_SCREENSHOTS is set), so a test sees the dialog a user would.
"""

from __future__ import annotations

import os

from . import qt
from .qt import QtCore, QtGui

TITLE = "Create Silo Item"
AUTO_ANSWER_ENV = "SILOMOD_AUTO_ANSWER_TRACK"
AUTO_ANSWER_DELAY_MS = 600
# Each field's object name, label, and where the core's ItemProposal holds it.
FIELDS = (
    ("part_number", "Part number:", lambda p: p.PartNumber),
    ("category", "Category:", lambda p: p.Category),
    ("project", "Project:", lambda p: p.Project),
    ("description", "Description:", lambda p: p.Description),
)

# The last dialog shown: tests read its texts.
last_shown = {}


class CreateItemDialog(QtGui.QDialog):
    def __init__(self, check, parent=None):
        """``check``: the core's TrackCheck, with the ItemProposal to show."""
        super().__init__(parent if parent is not None else qt.main_window())
        self.setObjectName("SiloCreateItem")
        self.setWindowTitle(TITLE)
        proposal = check.Proposal
        layout = QtGui.QVBoxLayout(self)
        self.message = QtGui.QLabel(check.Message or "")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        form = QtGui.QFormLayout()
        self.edits = {}
        for key, label, value in FIELDS:
            edit = QtGui.QLineEdit((value(proposal) if proposal is not None else None) or "")
            edit.setObjectName(key)
            edit.setMinimumWidth(360)
            self.edits[key] = edit
            form.addRow(label, edit)
        # The core checked this part number; another one would need checking again.
        self.edits["part_number"].setReadOnly(True)
        layout.addLayout(form)
        buttons = QtGui.QDialogButtonBox(QtGui.QDialogButtonBox.Cancel)
        self.create_button = buttons.addButton("Create and Track", QtGui.QDialogButtonBox.AcceptRole)
        self.create_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict:
        return {key: edit.text().strip() for key, edit in self.edits.items()}

    def proposal(self):
        """The fields as the user left them, as the core's ItemProposal."""
        from SiloMod.Core.Items import ItemProposal

        v = self.values()
        return ItemProposal(v["part_number"], v["category"], v["project"], v["description"])


def _auto_answer(dialog, answer: str) -> None:
    if not dialog.isVisible():
        QtCore.QTimer.singleShot(100, lambda: _auto_answer(dialog, answer))
        return
    try:
        qt.screenshot_hook("track_dialog")
    except Exception as exc:  # a failed screenshot must not leave a modal dialog up forever
        qt.print_error(f"Silo: screenshot of the Create Item dialog failed: {exc}")
    if answer == "create":
        dialog.accept()
    else:
        dialog.reject()


def ask_create(check, parent=None):
    """Shows the TrackCheck's proposal modally; the accepted ItemProposal, or None for Cancel."""
    dialog = CreateItemDialog(check, parent)
    answer = os.environ.get(AUTO_ANSWER_ENV, "").strip().lower()
    if answer in ("create", "cancel"):
        QtCore.QTimer.singleShot(AUTO_ANSWER_DELAY_MS, lambda: _auto_answer(dialog, answer))
    accepted = qt.exec_dialog(dialog) == QtGui.QDialog.Accepted
    values = dialog.values()
    proposal = dialog.proposal() if accepted else None
    last_shown.clear()
    last_shown.update(message=dialog.message.text(), values=values, accepted=accepted)
    dialog.deleteLater()
    return proposal
