"""Silo_SyncStatus: queue counts, connection state, last sync, and Sync Now."""

from __future__ import annotations

from . import activity_model
from . import qt
from .qt import QtCore, QtGui

FIELDS = (
    ("pending", "Pending downloads"),
    ("checkpoints", "Checkpoints waiting to be pushed"),
    ("deferred", "Deferred (file open)"),
    ("conflicts", "Conflicts to resolve"),
)


class SyncStatusDialog(QtGui.QDialog):
    def __init__(self, core=None, parent=None):
        super().__init__(parent if parent is not None else qt.main_window())
        self.core = qt.default_core(core)
        self.setWindowTitle("Sync Status")
        self.setObjectName("SiloSyncStatusDialog")
        self.status = {}

        layout = QtGui.QVBoxLayout(self)
        form = QtGui.QFormLayout()
        self.connection = QtGui.QLabel()
        self.connection.setObjectName("connection")
        form.addRow("Connection:", self.connection)
        self.counts = {}
        for key, label in FIELDS:
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

        self.core.signals.received.connect(self.on_event)
        self.finished.connect(self._disconnect)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.show_status(self.core.call("status") or {})
        except Exception as exc:
            self._fail("Reading the status", exc)

    @QtCore.Slot(dict)
    def on_event(self, event: dict) -> None:
        if event.get("kind") == "status":
            self.show_status({k: v for k, v in event.items() if k != "kind"})
        elif event.get("kind") == "connection":
            self.show_status({**self.status, "connection": event.get("state")})

    def show_status(self, status: dict) -> None:
        self.status = dict(status)
        self.connection.setText(activity_model.connection_text(status.get("connection")))
        for key, label in self.counts.items():
            label.setText(str(status.get(key, 0) or 0))
        last = status.get("last_sync_at")
        self.last_sync.setText(activity_model.format_hm(last) if last else "never")

    def sync_now(self) -> None:
        self.sync_button.setEnabled(False)
        self.message.setText("Syncing…")
        QtGui.QApplication.processEvents()
        try:
            self.show_status(self.core.call("sync_now") or {})
            self.message.setText("Sync finished.")
        except Exception as exc:
            self._fail("Sync", exc)
        finally:
            self.sync_button.setEnabled(True)

    def _fail(self, what, exc) -> None:
        self.message.setText(f"{what} failed: {qt.describe_error(exc)}")
        qt.print_error(f"Silo: {what} failed: {qt.describe_error(exc)}")

    def _disconnect(self, *_args) -> None:
        try:
            self.core.signals.received.disconnect(self.on_event)
        except (RuntimeError, TypeError):
            pass


def show_sync_status(core=None):
    try:
        dialog = SyncStatusDialog(core)
    except Exception as exc:
        qt.show_error("Sync Status", exc)
        return None
    qt.exec_dialog(dialog)
    return dialog
