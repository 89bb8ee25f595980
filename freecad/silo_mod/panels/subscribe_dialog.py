"""Silo_Subscribe: find items (or their projects / categories) and subscribe to them."""

from __future__ import annotations

from . import qt
from .qt import QtCore, QtGui

TYPES = (("item", "Items"), ("project", "Projects"), ("category", "Categories"))
LATEST_NOTE = 'Note: "Latest" includes working checkpoints from other users\' editing sessions.'


class SubscribeDialog(QtGui.QDialog):
    def __init__(self, core=None, parent=None, search_delay_ms=250):
        super().__init__(parent if parent is not None else qt.main_window())
        self.core = qt.default_core(core)
        self.setWindowTitle("Subscribe")
        self.setObjectName("SiloSubscribeDialog")
        self.resize(560, 500)
        self.items = self.presence = None
        self.subscribed = []

        layout = QtGui.QVBoxLayout(self)

        self.type_group = QtGui.QButtonGroup(self)
        self.type_buttons = {key: qt.named(QtGui.QRadioButton(label), f"type_{key}") for key, label in TYPES}
        for index, button in enumerate(self.type_buttons.values()):
            self.type_group.addButton(button, index)
        self.type_buttons["item"].setChecked(True)
        self.type_group.buttonClicked.connect(lambda _b: self._fill())
        layout.addLayout(qt.row("Type:", *self.type_buttons.values()))

        self.search = qt.named(QtGui.QLineEdit(), "search")
        self.search.setPlaceholderText("🔍 Search...")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self._search_timer = QtCore.QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(search_delay_ms)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())

        self.list = qt.named(QtGui.QTreeWidget(), "items")
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        layout.addWidget(self.list, 1)

        self.policy = qt.named(qt.policy_combo(), "revision_policy")
        self.pinned = qt.named(qt.revision_spin(), "pinned_revision")
        layout.addLayout(qt.row("Revision Policy:", self.policy, self.pinned))

        self.note = qt.message_line("latest_note", LATEST_NOTE)
        layout.addWidget(self.note)
        self.policy.currentIndexChanged.connect(lambda _i: self._policy_changed())

        self.message = qt.message_line()
        layout.addWidget(self.message)

        buttons = QtGui.QDialogButtonBox()
        self.subscribe_button = qt.named(buttons.addButton("Subscribe", QtGui.QDialogButtonBox.AcceptRole), "subscribe")
        buttons.addButton(QtGui.QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.subscribe)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._policy_changed()
        self.refresh()

    def current_type(self) -> str:
        return next(key for key, button in self.type_buttons.items() if button.isChecked())

    def current_policy(self) -> str:
        return self.policy.currentData()

    def set_policy(self, key: str) -> None:
        self.policy.setCurrentIndex(self.policy.findData(key))

    def _policy_changed(self) -> None:
        policy = self.current_policy()
        self.note.setVisible(policy == "latest")
        self.pinned.setVisible(policy == "pinned")

    def refresh(self) -> None:
        """Ask the core for matching items and for who is editing what."""
        try:
            self.items = self.core.facade.SearchItems(self.search.text().strip() or None)
            self.presence = self.core.facade.SearchPresence(self.items)
            self.message.setText("")
        except Exception as exc:
            self.items = self.presence = None
            qt.report_failure(self.message, "Search", exc)
        self._fill()

    def _fill(self) -> None:
        kind = self.current_type()
        self.list.clear()
        self.list.setHeaderLabels(["Part number", "Description", "Presence"] if kind == "item" else [kind.capitalize(), "Items", ""])
        if self.items is not None:
            for row in self.core.facade.SearchRows(kind, self.items, self.presence):
                self._add_row(row.Columns, row.Target)
        for column in range(3):
            self.list.resizeColumnToContents(column)

    def _add_row(self, columns, target) -> None:
        row = QtGui.QTreeWidgetItem(list(columns))
        row.setFlags(row.flags() | QtCore.Qt.ItemIsUserCheckable)
        row.setCheckState(0, QtCore.Qt.Unchecked)
        row.setData(0, QtCore.Qt.UserRole, target)
        self.list.addTopLevelItem(row)

    def rows(self):
        return [self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount())]

    def set_checked(self, target: str, checked: bool = True) -> bool:
        for row in self.rows():
            if row.data(0, QtCore.Qt.UserRole) == target:
                row.setCheckState(0, QtCore.Qt.Checked if checked else QtCore.Qt.Unchecked)
                return True
        return False

    def checked_targets(self) -> list:
        return [r.data(0, QtCore.Qt.UserRole) for r in self.rows() if r.checkState(0) == QtCore.Qt.Checked]

    def subscribe(self) -> list:
        """One Subscribe per checked entry; closes when all succeeded."""
        targets = self.checked_targets()
        if not targets:
            self.message.setText("Tick at least one entry to subscribe to.")
            return []
        policy = self.current_policy()
        pinned = self.pinned.value() if policy == "pinned" else None
        failures = []
        for target in targets:
            try:
                self.subscribed.append(self.core.facade.Subscribe(self.current_type(), target, policy, pinned))
            except Exception as exc:
                failures.append(f"{target}: {qt.describe_error(exc)}")
        if failures:
            self.message.setText("Not subscribed:\n" + "\n".join(failures))
            qt.print_error("Silo: subscribing failed: " + "; ".join(failures))
            return self.subscribed
        qt.print_message(f"Silo: subscribed to {', '.join(targets)} ({policy}).")
        self.accept()
        return self.subscribed


def show_subscribe_dialog(core=None):
    return qt.show_modal("Subscribe", lambda: SubscribeDialog(core))
