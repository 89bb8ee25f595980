"""The "Create Item" dialog of Track Document: the core's proposal, editable, then Create or Cancel.

Automated runs answer it through SILOMOD_AUTO_ANSWER_TRACK=create|cancel.
"""

from __future__ import annotations

from . import qt
from .qt import QtGui

TITLE = "Create Silo Item"
# Each field's object name, label, and the core's ItemProposal member holding it.
FIELDS = (("part_number", "Part number:", "PartNumber"), ("category", "Category:", "Category"),
          ("project", "Project:", "Project"), ("description", "Description:", "Description"))

# The last dialog shown: tests read its texts.
last_shown = {}


class CreateItemDialog(QtGui.QDialog):
    def __init__(self, check, parent=None):
        """``check``: the core's TrackCheck, with the ItemProposal to show."""
        super().__init__(parent if parent is not None else qt.main_window())
        self.setObjectName("SiloCreateItem")
        self.setWindowTitle(TITLE)
        layout = QtGui.QVBoxLayout(self)
        self.message = qt.message_line(text=check.Message or "")
        layout.addWidget(self.message)
        form = QtGui.QFormLayout()
        self.edits = {}
        for key, label, member in FIELDS:
            edit = self.edits[key] = qt.named(QtGui.QLineEdit(getattr(check.Proposal, member, None) or ""), key)
            edit.setMinimumWidth(360)
            form.addRow(label, edit)
        # The core checked this part number; another one would need checking again.
        self.edits["part_number"].setReadOnly(True)
        layout.addLayout(form)
        buttons = QtGui.QDialogButtonBox(QtGui.QDialogButtonBox.Cancel)
        buttons.addButton("Create and Track", QtGui.QDialogButtonBox.AcceptRole).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict:
        return {key: edit.text().strip() for key, edit in self.edits.items()}

    def proposal(self):
        """The fields as the user left them, as the core's ItemProposal."""
        from SiloMod.Core.Items import ItemProposal

        return ItemProposal(*(self.values()[key] for key, _label, _member in FIELDS))


def ask_create(check, parent=None):
    """Shows the TrackCheck's proposal modally; the accepted ItemProposal, or None for Cancel."""
    dialog = CreateItemDialog(check, parent)
    qt.auto_answer(dialog, "SILOMOD_AUTO_ANSWER_TRACK", "track_dialog", {"create": dialog.accept, "cancel": dialog.reject})
    accepted = qt.exec_dialog(dialog) == QtGui.QDialog.Accepted
    last_shown.clear()
    last_shown.update(message=dialog.message.text(), values=dialog.values(), accepted=accepted)
    proposal = dialog.proposal() if accepted else None
    dialog.deleteLater()
    return proposal
