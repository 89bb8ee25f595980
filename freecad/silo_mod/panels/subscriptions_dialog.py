"""Silo_Subscriptions: this workstation's subscriptions, with pause, policy and unsubscribe."""

from __future__ import annotations

from . import activity_model
from . import qt
from .qt import QtGui
from .subscribe_dialog import POLICIES

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
        self.table = QtGui.QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("subscriptions")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QtGui.QAbstractItemView.NoSelection)
        self.table.setEditTriggers(QtGui.QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setMinimumSectionSize(60)
        layout.addWidget(self.table, 1)

        self.message = QtGui.QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
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
            self._fail("Reading subscriptions", exc)
        self._fill()

    def _fill(self) -> None:
        self._filling = True
        self.table.setRowCount(len(self.subscriptions))
        for row, sub in enumerate(self.subscriptions):
            sid = sub.Id
            self.table.setItem(row, 0, QtGui.QTableWidgetItem(sub.Type))
            self.table.setItem(row, 1, QtGui.QTableWidgetItem(sub.Target))

            policy = QtGui.QComboBox()
            for key, label in POLICIES:
                policy.addItem(label, key)
            policy.setCurrentIndex(max(0, policy.findData(sub.RevisionPolicy)))
            policy.setObjectName(f"policy_{sid}")
            self.table.setCellWidget(row, 2, policy)

            pinned = QtGui.QSpinBox()
            pinned.setRange(1, 9999)
            pinned.setPrefix("rev ")
            pinned.setValue(sub.PinnedRevision or 1)
            pinned.setEnabled(sub.RevisionPolicy == "pinned")
            pinned.setObjectName(f"pinned_{sid}")
            self.table.setCellWidget(row, 3, pinned)

            paused = QtGui.QCheckBox("Paused")
            paused.setChecked(bool(sub.Paused))
            paused.setObjectName(f"paused_{sid}")
            self.table.setCellWidget(row, 4, paused)

            last = sub.LastSyncAt
            self.table.setItem(row, 5, QtGui.QTableWidgetItem(activity_model.format_hm(last) if last is not None else "never"))

            remove = QtGui.QPushButton("Unsubscribe")
            remove.setObjectName(f"unsubscribe_{sid}")
            self.table.setCellWidget(row, 6, remove)

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

    # -- core calls (public so tests can drive them without clicking)

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
            self._fail("Updating the subscription", exc)
            self.refresh()  # show what the server really holds
            return False

    def unsubscribe(self, sid: str) -> bool:
        try:
            self.core.facade.Unsubscribe(sid)
        except Exception as exc:
            self._fail("Unsubscribing", exc)
            return False
        self.refresh()
        self.message.setText("Unsubscribed; the downloaded files stay where they are.")
        return True

    def _fail(self, what, exc) -> None:
        self.message.setText(f"{what} failed: {qt.describe_error(exc)}")
        qt.print_error(f"Silo: {what} failed: {qt.describe_error(exc)}")


def show_subscriptions_dialog(core=None):
    try:
        dialog = SubscriptionsDialog(core)
    except Exception as exc:
        qt.show_error("Manage Subscriptions", exc)
        return None
    qt.exec_dialog(dialog)
    return dialog
