"""Silo_SyncStatus: queue counts, connection state, last sync, and Sync Now."""

from __future__ import annotations

from . import qt
from .qt import QtGui

# The object name of each count's label, its text, and where SyncStatus holds it.
FIELDS = (
    ("pending", "Pending downloads", lambda s: s.Pending),
    ("checkpoints", "Checkpoints waiting to be pushed", lambda s: s.Checkpoints),
    ("deferred", "Deferred (file open)", lambda s: s.Deferred),
    ("conflicts", "Conflicts to resolve", lambda s: s.Conflicts),
)


class SyncStatusDialog(QtGui.QDialog):
    def __init__(self, core=None, parent=None):
        super().__init__(parent if parent is not None else qt.main_window())
        self.core = qt.default_core(core)
        self.setWindowTitle("Sync Status")
        self.setObjectName("SiloSyncStatusDialog")
        self.status = None

        layout = QtGui.QVBoxLayout(self)
        form = QtGui.QFormLayout()
        self.connection = QtGui.QLabel()
        self.connection.setObjectName("connection")
        form.addRow("Connection:", self.connection)
        self.counts = {}
        for key, label, _count in FIELDS:
            value = QtGui.QLabel("0")
            value.setObjectName(key)
            self.counts[key] = value
            form.addRow(label + ":", value)
        self.last_sync = QtGui.QLabel()
        self.last_sync.setObjectName("last_sync_at")
        form.addRow("Last sync:", self.last_sync)
        layout.addLayout(form)

        self.message = QtGui.QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        buttons = QtGui.QDialogButtonBox(QtGui.QDialogButtonBox.Close)
        self.sync_button = buttons.addButton("Sync Now", QtGui.QDialogButtonBox.ActionRole)
        self.sync_button.setObjectName("sync_now")
        self.sync_button.clicked.connect(self.sync_now)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._subscriptions = [self.core.observe(self.core.facade.StatusChanges, self.show_status),
                               self.core.observe(self.core.facade.ActivityChanges, self._on_activity)]
        self.finished.connect(self._disconnect)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.show_status(self.core.facade.Status)
        except Exception as exc:
            self._fail("Reading the status", exc)

    def show_status(self, status) -> None:
        """Shows a SyncStatus, in the core's words."""
        self.status = status
        self.connection.setText(self.core.facade.ConnectionText(status))
        for key, _label, count in FIELDS:
            self.counts[key].setText(str(count(status)))
        self.last_sync.setText(self.core.facade.LastSyncText(status))

    def sync_now(self) -> None:
        """Starts a sync and returns: the counts follow StatusChanges, and its end arrives as a signal."""
        self.sync_button.setEnabled(False)
        self.message.setText("Syncing…")
        try:
            self.core.facade.SyncNow()
        except Exception as exc:
            self._fail("Sync", exc)
            self.sync_button.setEnabled(True)

    def _on_activity(self, change) -> None:
        """The end of a Sync Now is a row of the core's activity feed: its end, or an error about no single item."""
        row = change.Row
        if self.sync_button.isEnabled() or str(change.Kind) != "Added":
            return
        if row.Kind == "sync_now_finished" or (row.Kind == "sync_error" and row.PartNumber is None):
            self.message.setText(row.Text)
            self.sync_button.setEnabled(True)

    def _fail(self, what, exc) -> None:
        self.message.setText(f"{what} failed: {qt.describe_error(exc)}")
        qt.print_error(f"Silo: {what} failed: {qt.describe_error(exc)}")

    def _disconnect(self, *_args) -> None:
        for subscription in self._subscriptions:
            subscription.Dispose()
        self._subscriptions = []


def show_sync_status(core=None):
    try:
        dialog = SyncStatusDialog(core)
    except Exception as exc:
        qt.show_error("Sync Status", exc)
        return None
    qt.exec_dialog(dialog)
    return dialog
