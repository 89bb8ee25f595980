"""The dockable Activity pane: every event the core pushes, newest on top, with its actions.

Wording and grouping live in activity_model (pure Python); this module lays rows out, listens to
the facade's Signals and StatusChanges, and turns buttons into facade calls.
"""

from __future__ import annotations

from .. import settings as silo_settings
from . import activity_model as model
from . import qt
from .qt import QtCore, QtGui

DOCK_NAME = "SiloActivityPane"
TITLE = "Silo Activity"

BUTTONS_PER_LINE = 2

_LEVEL_COLOURS = {
    model.INFO: "#4a90d9",
    model.WARNING: "#e0a000",
    model.ERROR: "#d0402f",
}


def open_document(path: str):
    """Open (or bring forward) a synced file in FreeCAD."""
    import FreeCAD

    for doc in FreeCAD.listDocuments().values():
        if doc.FileName and doc.FileName == path:
            import FreeCADGui

            FreeCADGui.setActiveDocument(doc.Name)
            return doc
    return FreeCAD.openDocument(path)


def open_url(url: str) -> bool:
    return QtGui.QDesktopServices.openUrl(QtCore.QUrl(url))


class RowWidget(QtGui.QFrame):
    """One event: icon and title, detail lines, action buttons."""

    def __init__(self, row: model.Row, on_action, parent=None):
        super().__init__(parent)
        self.row = row
        self.setObjectName(f"SiloActivityRow{row.row_id}")
        self.setFrameShape(QtGui.QFrame.StyledPanel)
        colour = _LEVEL_COLOURS.get(row.level, _LEVEL_COLOURS[model.INFO])
        self.setStyleSheet(
            f"#SiloActivityRow{row.row_id} {{ border: 1px solid palette(mid); border-left: 4px solid {colour};"
            " border-radius: 3px; background: palette(base); }")
        layout = QtGui.QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 6, 5)
        layout.setSpacing(2)

        title = QtGui.QLabel(row.text)
        title.setWordWrap(True)
        title.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.title_label = title

        for line in row.details:
            detail = QtGui.QLabel(line)
            detail.setWordWrap(True)
            detail.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
            detail.setContentsMargins(14, 0, 0, 0)
            layout.addWidget(detail)

        self.buttons = {}
        if row.actions:
            # At most two buttons a line: three side by side are wider than the pane's default width,
            # and the pane scrolls only vertically, so the last one would be cut off.
            bar = QtGui.QGridLayout()
            bar.setContentsMargins(14, 2, 0, 0)
            bar.setHorizontalSpacing(4)
            bar.setVerticalSpacing(4)
            for i, action in enumerate(row.actions):
                button = QtGui.QPushButton(action.label)
                button.setObjectName(f"action_{action.key}")
                button.setSizePolicy(QtGui.QSizePolicy.Maximum, QtGui.QSizePolicy.Fixed)
                button.clicked.connect(lambda _checked=False, a=action: on_action(row.row_id, a))
                bar.addWidget(button, i // BUTTONS_PER_LINE, i % BUTTONS_PER_LINE)
                self.buttons[action.key] = button
            bar.setColumnStretch(BUTTONS_PER_LINE, 1)
            layout.addLayout(bar)


class ActivityPanel(QtGui.QWidget):
    """The pane's content. `core` is injected for tests; by default the process-wide core."""

    def __init__(self, core=None, parent=None, cap=model.DEFAULT_CAP,
                 open_document_fn=None, open_url_fn=None, settings_fn=None):
        super().__init__(parent)
        self.log = model.ActivityLog(cap=cap)
        self._core = None
        self._subscriptions = []
        self._open_document = open_document_fn or open_document
        self._open_url = open_url_fn or open_url
        self._settings = settings_fn or silo_settings.load
        self._widgets = {}

        outer = QtGui.QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(4)

        head = QtGui.QHBoxLayout()
        self.header = QtGui.QLabel()
        self.header.setObjectName("SiloActivityHeader")
        self.header.setWordWrap(True)
        head.addWidget(self.header, 1)
        clear = QtGui.QPushButton("Clear")
        clear.setToolTip("Remove every row (unanswered requests included)")
        clear.clicked.connect(self.clear)
        head.addWidget(clear, 0, QtCore.Qt.AlignTop)
        outer.addLayout(head)

        self.notice = QtGui.QLabel()
        self.notice.setObjectName("SiloActivityNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: palette(dark); font-style: italic;")
        self.notice.hide()
        outer.addWidget(self.notice)

        self.scroll = QtGui.QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarAlwaysOff)
        body = QtGui.QWidget()
        self.rows_layout = QtGui.QVBoxLayout(body)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(4)
        self.empty = QtGui.QLabel("No activity yet.")
        self.empty.setAlignment(QtCore.Qt.AlignCenter)
        self.rows_layout.addWidget(self.empty)
        self.rows_layout.addStretch(1)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)

        self.attach(core)
        self._refresh()

    # -- core

    def attach(self, core=None) -> bool:
        """Listen to the core; a missing .NET runtime is shown in the header, not raised."""
        if self._core is not None:
            return True
        try:
            self._core = qt.default_core(core)
        except Exception as exc:
            self.log.notice = f"Silo core not running: {qt.describe_error(exc)}"
            qt.print_error(f"Silo: Activity pane: {qt.describe_error(exc)}")
            return False
        facade = self._core.facade
        self._subscriptions = [self._core.observe(facade.Signals, self.on_signal),
                               self._core.observe(facade.StatusChanges, self.on_status)]
        try:
            self.on_status(facade.Status)
            # Refused pushes outlive restarts: they wait here until the user settles them.
            for conflict in facade.PushConflicts():
                self.on_signal(conflict)
        except Exception as exc:
            qt.print_error(f"Silo: reading the sync status failed: {qt.describe_error(exc)}")
        return True

    def detach(self) -> None:
        for subscription in self._subscriptions:
            subscription.Dispose()
        self._subscriptions = []
        self._core = None

    def on_status(self, status) -> None:
        """The core's SyncStatus, on the GUI thread."""
        self.log.set_status(status)
        self._refresh()

    def on_signal(self, signal) -> None:
        """One of the core's signals, on the GUI thread."""
        row = self.log.add_signal(signal)
        if row is not None and row.kind == "presence_changed" and self._core is not None:
            try:
                entries = self._core.facade.Presence(row.part_number)
                self.log.update(row.row_id, details=model.presence_details(entries))
            except Exception as exc:
                self.log.update(row.row_id, details=(f"Could not read presence: {qt.describe_error(exc)}",))
        self._refresh()

    # -- actions

    def perform(self, row_id: int, action: model.Action) -> None:
        key, p = action.key, action.params
        try:
            if key == model.REQUEST_HANDOFF:
                self._facade().RequestHandoff(p["part_number"], p["session_id"], None)
                # The core's handoff_sent settles the card too (also when the dialog asked); this
                # covers a core that answered but whose signal is still on its way.
                self.log.settle(row_id, f"Handoff requested from {p.get('holder') or 'the other user'} — you are told when they release it.")
            elif key == model.RELEASE_NOW:
                self._facade().ReleaseNow(p["session_id"])
                self.log.settle(row_id, "Released: leaving the editing context.")
            elif key == model.DEFER:
                self.log.defer(row_id)
            elif key == model.DISMISS:
                self.log.remove(row_id)
            elif key == model.OPEN:
                self._open_document(p["path"])
            elif key == model.VIEW_IN_SILO:
                self._open_url(silo_settings.item_url(p["part_number"], self._settings()))
            elif key in model.PUSH_CONFLICT_CHOICES:
                from SiloMod.Core.Checkpoints import PushConflictChoice as Choice

                choice = {model.OVERWRITE_THEIRS: Choice.OverwriteTheirs, model.KEEP_AS_COPY: Choice.KeepAsCopy,
                          model.DISCARD_MINE: Choice.DiscardMine}[key]
                said = self._facade().ResolvePushConflict(p["part_number"], choice, p.get("conflict_id"))
                self.log.settle(row_id, str(said or "Done."))
            elif key in (model.OVERWRITE, model.SKIP):
                from SiloMod.Core.Sync import ConflictChoice

                self._facade().ResolveConflict(p["part_number"], ConflictChoice.Overwrite if key == model.OVERWRITE else ConflictChoice.Skip)
                self.log.settle(row_id, "Overwritten with the server's version." if key == model.OVERWRITE
                                else "Skipped: your local file is kept.")
            else:
                raise ValueError(f"unknown action {key}")
        except Exception as exc:
            qt.show_error(action.label, exc, self)
        self._refresh()

    def _facade(self):
        if self._core is None and not self.attach():
            raise RuntimeError(self.log.notice or "the Silo core is not running")
        return self._core.facade

    def clear(self) -> None:
        self.log.clear()
        self._refresh()

    # -- drawing

    def row_widget(self, row_id: int):
        return self._widgets.get(row_id)

    def _refresh(self) -> None:
        self.header.setText(self.log.header_text())
        self.notice.setText(self.log.notice)
        self.notice.setVisible(bool(self.log.notice))
        wanted = {r.row_id: r for r in self.log.rows}
        for row_id in list(self._widgets):
            widget = self._widgets[row_id]
            if wanted.get(row_id) is not widget.row:
                self.rows_layout.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
                del self._widgets[row_id]
        for index, row in enumerate(self.log.rows):
            widget = self._widgets.get(row.row_id)
            if widget is None:
                widget = RowWidget(row, self.perform)
                self._widgets[row.row_id] = widget
            else:
                self.rows_layout.removeWidget(widget)
            self.rows_layout.insertWidget(index, widget)
        self.empty.setVisible(not self.log.rows)


# -- the dock --------------------------------------------------------------------------------------

_dock = None


def find_dock():
    global _dock
    if _dock is None:
        _dock = qt.main_window().findChild(QtGui.QDockWidget, DOCK_NAME)
    return _dock


def show_activity_pane(core=None):
    """Create the pane once (right dock area) and show it; returns the QDockWidget."""
    global _dock
    dock = find_dock()
    if dock is None:
        mw = qt.main_window()
        dock = QtGui.QDockWidget(TITLE, mw)
        dock.setObjectName(DOCK_NAME)
        dock.setWidget(ActivityPanel(core, dock))
        mw.addDockWidget(QtCore.Qt.RightDockWidgetArea, dock)
        _dock = dock
    else:
        dock.widget().attach(core)
    dock.show()
    dock.raise_()
    return dock


def toggle_activity_pane(core=None):
    dock = find_dock()
    if dock is not None and dock.isVisible():
        dock.hide()
        return dock
    return show_activity_pane(core)


def panel():
    dock = find_dock()
    return dock.widget() if dock is not None else None
