"""The dockable Activity pane: the rows the core words, newest on top, with their buttons.

Texts, merging, settling, folding and the cap live in the core (SiloMod.Core.Activity, through the
facade's ActivityChanges); this module lays the rows out and wires their buttons: Open and View in
Silo here, every other one to the facade's PerformActivity.
"""

from __future__ import annotations

from .. import settings as silo_settings
from . import qt
from .qt import QtCore, QtGui

DOCK_NAME = "SiloActivityPane"
TITLE = "Silo Activity"

BUTTONS_PER_LINE = 2

# By ActivityLevel's member names.
_LEVEL_COLOURS = {"Info": "#4a90d9", "Warning": "#e0a000", "Error": "#d0402f"}

# The buttons whose effect is FreeCAD's or the desktop's, by ActivityAction.Key.
OPEN = "open"
VIEW_IN_SILO = "view_in_silo"


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
    """One ActivityRow: icon and title, detail lines, action buttons."""

    def __init__(self, row, on_action, parent=None):
        super().__init__(parent)
        self.row = row
        name = f"SiloActivityRow{row.Id}"
        self.setObjectName(name)
        self.setFrameShape(QtGui.QFrame.StyledPanel)
        colour = _LEVEL_COLOURS.get(str(row.Level), _LEVEL_COLOURS["Info"])
        self.setStyleSheet(
            f"#{name} {{ border: 1px solid palette(mid); border-left: 4px solid {colour};"
            " border-radius: 3px; background: palette(base); }")
        layout = QtGui.QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 6, 5)
        layout.setSpacing(2)

        title = QtGui.QLabel(row.Text)
        title.setWordWrap(True)
        title.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.title_label = title

        for line in row.Details:
            detail = QtGui.QLabel(line)
            detail.setWordWrap(True)
            detail.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
            detail.setContentsMargins(14, 0, 0, 0)
            layout.addWidget(detail)

        self.buttons = {}
        actions = list(row.Actions)  # an IReadOnlyList has no len() in pythonnet
        if actions:
            # At most two buttons a line: three side by side are wider than the pane's default width,
            # and the pane scrolls only vertically, so the last one would be cut off.
            bar = QtGui.QGridLayout()
            bar.setContentsMargins(14, 2, 0, 0)
            bar.setHorizontalSpacing(4)
            bar.setVerticalSpacing(4)
            for i, action in enumerate(actions):
                button = QtGui.QPushButton(action.Label)
                button.setObjectName(f"action_{action.Key}")
                button.setSizePolicy(QtGui.QSizePolicy.Maximum, QtGui.QSizePolicy.Fixed)
                button.clicked.connect(lambda _checked=False, a=action: on_action(row, a))
                bar.addWidget(button, i // BUTTONS_PER_LINE, i % BUTTONS_PER_LINE)
                self.buttons[action.Key] = button
            bar.setColumnStretch(BUTTONS_PER_LINE, 1)
            layout.addLayout(bar)


class ActivityPanel(QtGui.QWidget):
    """The pane's content. `core` is injected for tests; by default the process-wide core."""

    def __init__(self, core=None, parent=None, open_document_fn=None, open_url_fn=None, settings_fn=None):
        super().__init__(parent)
        #: The rows shown, newest first (SiloMod.Core.Activity.ActivityRow).
        self.rows = []
        self._core = None
        self._subscription = None
        self._open_document = open_document_fn or open_document
        self._open_url = open_url_fn or open_url
        self._settings = settings_fn or silo_settings.load
        self._widgets = {}

        outer = QtGui.QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(4)

        head = QtGui.QHBoxLayout()
        self.header = QtGui.QLabel("⚪ Not started")
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
        """Follow the core's activity feed; a missing .NET runtime is shown in the notice, not raised."""
        if self._core is not None:
            return True
        try:
            self._core = qt.default_core(core)
        except Exception as exc:
            self._show_notice(f"Silo core not running: {qt.describe_error(exc)}")
            qt.print_error(f"Silo: Activity pane: {qt.describe_error(exc)}")
            return False
        facade = self._core.facade
        # Kept for the pane's life, which is FreeCAD's: the dock is hidden, never destroyed.
        self._subscription = self._core.observe(facade.ActivityChanges, self.on_change)
        # The changes arrive queued: rows in this snapshot that they add again are replaced, not doubled.
        self.rows = list(facade.ActivityRows)
        self._show_header(facade.ActivityHeader)
        self._refresh()
        return True

    def on_change(self, change) -> None:
        """One ActivityChange of the core's feed, on the GUI thread."""
        kind, row = str(change.Kind), change.Row
        if kind == "Cleared":
            self.rows = []
        elif row is not None:
            at = self._index(row.Id)
            if kind == "Removed":
                if at is not None:
                    del self.rows[at]
            elif at is not None:
                self.rows[at] = row
            elif kind == "Added":
                self.rows.insert(0, row)
        self._show_header(change.Header)
        self._refresh()

    def find(self, row_id):
        at = self._index(row_id)
        return self.rows[at] if at is not None else None

    def _index(self, row_id):
        return next((i for i, r in enumerate(self.rows) if r.Id == row_id), None)

    # -- actions

    def perform(self, row, action) -> None:
        try:
            if action.Key == OPEN:
                self._open_document(action.Path)
            elif action.Key == VIEW_IN_SILO:
                self._open_url(silo_settings.item_url(action.PartNumber, self._settings()))
            else:
                # The row's outcome (or its going) arrives as a change of the feed.
                self._facade().PerformActivity(row.Id, action.Kind)
        except Exception as exc:
            qt.show_error(action.Label, exc, self)

    def _facade(self):
        if self._core is None and not self.attach():
            raise RuntimeError(self.notice.text() or "the Silo core is not running")
        return self._core.facade

    def clear(self) -> None:
        if self._core is not None:
            self._core.facade.ClearActivity()

    # -- drawing

    def row_widget(self, row_id):
        return self._widgets.get(row_id)

    def _show_header(self, header) -> None:
        self.header.setText(header.Text)
        self._show_notice(header.Notice)

    def _show_notice(self, text) -> None:
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    def _refresh(self) -> None:
        wanted = {r.Id: r for r in self.rows}
        for row_id in list(self._widgets):
            widget = self._widgets[row_id]
            if wanted.get(row_id) is not widget.row:
                self.rows_layout.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
                del self._widgets[row_id]
        for index, row in enumerate(self.rows):
            widget = self._widgets.get(row.Id)
            if widget is None:
                widget = RowWidget(row, self.perform)
                self._widgets[row.Id] = widget
            else:
                self.rows_layout.removeWidget(widget)
            self.rows_layout.insertWidget(index, widget)
        self.empty.setVisible(not self.rows)


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
