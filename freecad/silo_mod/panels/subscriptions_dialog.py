"""Silo_Subscriptions: this workstation's subscriptions, with pause, policy and unsubscribe."""

from __future__ import annotations

from . import qt
from .qt import QtGui

COLUMNS = ("Type", "Target", "Revision policy", "Pinned", "Paused", "Last sync", "")


class SubscriptionsDialog(QtGui.QDialog):
    def __init__(self, core=None, parent=None):
        super().__init__(parent if parent is not None else qt.main_window())
        self.core = qt.default_core(core)
        self.setWindowTitle("Manage Subscriptions")
        self.setObjectName("SiloSubscriptionsDialog")
        self.resize(760, 380)
        self.subscriptions = []
        self._filling = False

        layout = QtGui.QVBoxLayout(self)
        self.table = qt.named(QtGui.QTableWidget(0, len(COLUMNS)), "subscriptions")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QtGui.QAbstractItemView.NoSelection)
        self.table.setEditTriggers(QtGui.QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setMinimumSectionSize(60)
        layout.addWidget(self.table, 1)

        self.message = qt.message_line()
        layout.addWidget(self.message)

        buttons = QtGui.QDialogButtonBox(QtGui.QDialogButtonBox.Close)
        refresh = buttons.addButton("Refresh", QtGui.QDialogButtonBox.ActionRole)
        refresh.clicked.connect(self.refresh)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.subscriptions = list(self.core.facade.ListSubscriptions())
            self.message.setText("" if self.subscriptions else "No subscriptions yet: use Subscribe… to add some.")
        except Exception as exc:
            self.subscriptions = []
            qt.report_failure(self.message, "Reading subscriptions", exc)
        self._fill()

    def _fill(self) -> None:
        self._filling = True
        self.table.setRowCount(len(self.subscriptions))
        for row, sub in enumerate(self.subscriptions):
            sid = sub.Id
            self.table.setItem(row, 0, QtGui.QTableWidgetItem(sub.Type))
            self.table.setItem(row, 1, QtGui.QTableWidgetItem(sub.Target))

            policy = qt.named(qt.policy_combo(sub.RevisionPolicy), f"policy_{sid}")
            pinned = qt.named(qt.revision_spin(sub.PinnedRevision or 1), f"pinned_{sid}")
            pinned.setEnabled(sub.RevisionPolicy == "pinned")
            paused = qt.named(QtGui.QCheckBox("Paused"), f"paused_{sid}")
            paused.setChecked(bool(sub.Paused))
            remove = qt.named(QtGui.QPushButton("Unsubscribe"), f"unsubscribe_{sid}")
            last = sub.LastSyncAt
            self.table.setItem(row, 5, QtGui.QTableWidgetItem(self.core.facade.ClockText(last) if last is not None else "never"))
            for column, widget in ((2, policy), (3, pinned), (4, paused), (6, remove)):
                self.table.setCellWidget(row, column, widget)

            policy.currentIndexChanged.connect(lambda _i, s=sid, c=policy, p=pinned: self._policy_changed(s, c, p))
            pinned.editingFinished.connect(lambda s=sid, c=policy, p=pinned: self._policy_changed(s, c, p))
            paused.toggled.connect(lambda on, s=sid: self.set_paused(s, on))
            remove.clicked.connect(lambda _c=False, s=sid: self.unsubscribe(s))
        self.table.resizeColumnsToContents()
        # The target takes the spare width; the widget columns keep their natural size.
        self.table.horizontalHeader().setSectionResizeMode(1, QtGui.QHeaderView.Stretch)
        self._filling = False

    def _policy_changed(self, sid, combo, spin) -> None:
        if self._filling:
            return
        policy = combo.currentData()
        spin.setEnabled(policy == "pinned")
        self.set_policy(sid, policy, spin.value() if policy == "pinned" else None)

    # Public so tests can drive them without clicking.

    def set_paused(self, sid: str, paused: bool) -> bool:
        from Silo.Protocol.Subscriptions import SubscriptionUpdate

        return self._update(sid, SubscriptionUpdate(None, None, paused))

    def set_policy(self, sid: str, policy: str, pinned_revision=None) -> bool:
        from Silo.Protocol.Subscriptions import SubscriptionUpdate

        return self._update(sid, SubscriptionUpdate(policy, pinned_revision, None))

    def _update(self, sid, update) -> bool:
        try:
            self.core.facade.UpdateSubscription(sid, update)
            self.message.setText("Saved.")
            return True
        except Exception as exc:
            qt.report_failure(self.message, "Updating the subscription", exc)
            self.refresh()  # show what the server really holds
            return False

    def unsubscribe(self, sid: str) -> bool:
        try:
            self.core.facade.Unsubscribe(sid)
        except Exception as exc:
            qt.report_failure(self.message, "Unsubscribing", exc)
            return False
        self.refresh()
        self.message.setText("Unsubscribed; the downloaded files stay where they are.")
        return True

def show_subscriptions_dialog(core=None):
    return qt.show_modal("Manage Subscriptions", lambda: SubscriptionsDialog(core))
