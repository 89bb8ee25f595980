"""The workbench's FreeCAD commands; `register()` adds them once and names them for the toolbar."""

from __future__ import annotations

from . import resource_path


def icon(name: str) -> str:
    return resource_path("icons", name + ".svg")


def _active_document():
    import FreeCAD

    return FreeCAD.ActiveDocument


def _core():
    from .panels import qt

    return qt.default_core()


def _tracked_part_number(title: str):
    """Part number of the active document, or None after telling the user why there is none."""
    from . import document
    from .panels import qt

    doc = _active_document()
    pn = document.part_number(doc) if doc is not None else None
    if doc is None:
        qt.show_info(title, "Open a document first.")
    elif not pn:
        qt.show_info(title, f"“{doc.Label}” is not tracked by Silo. Use Silo → Track Document… first.")
    return pn


class _Command:
    def __init__(self, name, pixmap, menu, tooltip, run, needs_document=False):
        self.name, self.pixmap, self.menu, self.tooltip = name, pixmap, menu, tooltip
        self._run, self._needs_document = run, needs_document

    def GetResources(self):  # noqa: N802 (FreeCAD's names)
        return {"Pixmap": icon(self.pixmap), "MenuText": self.menu, "ToolTip": self.tooltip}

    def IsActive(self):  # noqa: N802
        return not self._needs_document or _active_document() is not None

    def Activated(self):  # noqa: N802
        from .panels import qt

        try:
            self._run()
        except Exception as exc:  # every failure reaches the user, never only a traceback
            qt.show_error(self.menu.rstrip("."), exc)


def _subscribe():
    from .panels import subscribe_dialog

    subscribe_dialog.show_subscribe_dialog()


def _subscriptions():
    from .panels import subscriptions_dialog

    subscriptions_dialog.show_subscriptions_dialog()


def _sync_status():
    from .panels import sync_status

    sync_status.show_sync_status()


def _activity_pane():
    from .panels import activity

    activity.toggle_activity_pane()


def _presence():
    from .panels import qt

    pn = _tracked_part_number("Presence")
    if pn:
        facade = _core().facade
        qt.show_info("Presence", facade.PresenceText(pn, facade.Presence(pn)))


def _lock():
    from .panels import qt

    pn = _tracked_part_number("Lock")
    if pn:
        item = _core().facade.LockItem(pn)
        qt.show_info("Lock", f"{pn} is checked out to {item.LockedBy or 'you'}.")


def _unlock():
    from .panels import qt

    pn = _tracked_part_number("Unlock")
    if pn:
        _core().facade.UnlockItem(pn)
        qt.show_info("Unlock", f"{pn} is unlocked.")


def _track_document():
    from . import document, tracking
    from .panels import qt, track_dialog
    from .panels.qt import QtGui

    doc = _active_document()
    if doc is None:
        qt.show_info("Track Document", "Open a document first.")
        return
    text, ok = QtGui.QInputDialog.getText(
        qt.main_window(), "Track Document", f"Silo part number of “{doc.Label}”:",
        QtGui.QLineEdit.Normal, document.part_number(doc) or "")
    if ok:
        outcome = tracking.track(doc, text, _core(), track_dialog.ask_create)
        (qt.show_info if outcome.tracked else qt.show_warning)("Track Document", outcome.message)


def _preferences():
    import FreeCADGui

    from .panels import preferences

    preferences.register()
    FreeCADGui.showPreferences(preferences.GROUP)


COMMANDS = (
    _Command("Silo_Subscribe", "silo_subscribe", "Subscribe...",
             "Find items, projects or categories and subscribe to them", _subscribe),
    _Command("Silo_Subscriptions", "silo_subscriptions", "Manage Subscriptions",
             "List, pause, change the revision policy of, or remove subscriptions", _subscriptions),
    _Command("Silo_SyncStatus", "silo_sync_status", "Sync Status",
             "Pending downloads, queued checkpoints, conflicts, and Sync Now", _sync_status),
    _Command("Silo_ActivityPane", "silo_activity", "Activity Pane", "Show or hide the Silo Activity pane", _activity_pane),
    _Command("Silo_Presence", "silo_presence", "Who Is Editing?",
             "Show who is editing what in the active tracked document", _presence, needs_document=True),
    _Command("Silo_Lock", "silo_lock", "Check Out (Lock)",
             "Lock the active item so nobody else can change it until you unlock it", _lock, needs_document=True),
    _Command("Silo_Unlock", "silo_unlock", "Check In (Unlock)",
             "Release your check-out lock of the active item", _unlock, needs_document=True),
    _Command("Silo_TrackDocument", "silo_track", "Track Document...",
             "Mark the active document as a Silo item (its part number)", _track_document, needs_document=True),
    _Command("Silo_Preferences", "silo_preferences", "Silo Preferences...",
             "Server, token, locking and sync settings", _preferences),
)

_registered = []


def register() -> list:
    """Adds every command to FreeCAD once (later calls change nothing); the names, in toolbar order."""
    import FreeCADGui

    if not _registered:
        known = set(FreeCADGui.listCommands())
        for command in COMMANDS:
            if command.name not in known:
                FreeCADGui.addCommand(command.name, command)
            _registered.append(command.name)
        from .panels import preferences

        preferences.register()
    return list(_registered)
