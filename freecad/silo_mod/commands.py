"""The workbench's FreeCAD commands; `register()` adds them once and names them for the toolbar."""

from __future__ import annotations

import os

ICON_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "resources", "icons")

_registered = []


def icon(name: str) -> str:
    return os.path.join(ICON_DIR, name + ".svg")


def _active_document():
    import FreeCAD

    return FreeCAD.ActiveDocument


def _core():
    from .panels import qt

    return qt.default_core()


def _tracked_part_number(title: str):
    """Part number of the active document, or None after telling the user why there is none."""
    from .panels import qt

    doc = _active_document()
    if doc is None:
        qt.show_info(title, "Open a document first.")
        return None
    from . import document

    pn = document.part_number(doc)
    if not pn:
        qt.show_info(title, f"“{doc.Label}” is not tracked by Silo. Use Silo → Track Document… first.")
        return None
    return pn


# -- commands


class _Command:
    name = ""
    pixmap = ""
    menu = ""
    tooltip = ""
    needs_document = False

    def GetResources(self):  # noqa: N802 (FreeCAD's names)
        return {"Pixmap": icon(self.pixmap), "MenuText": self.menu, "ToolTip": self.tooltip}

    def IsActive(self):  # noqa: N802
        if self.needs_document:
            return _active_document() is not None
        return True

    def Activated(self):  # noqa: N802
        from .panels import qt

        try:
            self.run()
        except Exception as exc:  # every failure reaches the user, never only a traceback
            qt.show_error(self.menu.rstrip("."), exc)

    def run(self):
        raise NotImplementedError


class SubscribeCommand(_Command):
    name, pixmap = "Silo_Subscribe", "silo_subscribe"
    menu = "Subscribe..."
    tooltip = "Find items, projects or categories and subscribe to them"

    def run(self):
        from .panels import subscribe_dialog

        subscribe_dialog.show_subscribe_dialog()


class SubscriptionsCommand(_Command):
    name, pixmap = "Silo_Subscriptions", "silo_subscriptions"
    menu = "Manage Subscriptions"
    tooltip = "List, pause, change the revision policy of, or remove subscriptions"

    def run(self):
        from .panels import subscriptions_dialog

        subscriptions_dialog.show_subscriptions_dialog()


class SyncStatusCommand(_Command):
    name, pixmap = "Silo_SyncStatus", "silo_sync_status"
    menu = "Sync Status"
    tooltip = "Pending downloads, queued checkpoints, conflicts, and Sync Now"

    def run(self):
        from .panels import sync_status

        sync_status.show_sync_status()


class ActivityPaneCommand(_Command):
    name, pixmap = "Silo_ActivityPane", "silo_activity"
    menu = "Activity Pane"
    tooltip = "Show or hide the Silo Activity pane"

    def run(self):
        from .panels import activity

        activity.toggle_activity_pane()


class PresenceCommand(_Command):
    name, pixmap = "Silo_Presence", "silo_presence"
    menu = "Who Is Editing?"
    tooltip = "Show who is editing what in the active tracked document"
    needs_document = True

    def run(self):
        from .panels import presence_model, qt

        pn = _tracked_part_number("Presence")
        if pn:
            entries = _core().facade.Presence(pn)
            qt.show_info("Presence", presence_model.presence_text(pn, entries))


class LockCommand(_Command):
    name, pixmap = "Silo_Lock", "silo_lock"
    menu = "Check Out (Lock)"
    tooltip = "Lock the active item so nobody else can change it until you unlock it"
    needs_document = True

    def run(self):
        from .panels import qt

        pn = _tracked_part_number("Lock")
        if pn:
            item = _core().facade.LockItem(pn)
            qt.show_info("Lock", f"{pn} is checked out to {item.LockedBy or 'you'}.")


class UnlockCommand(_Command):
    name, pixmap = "Silo_Unlock", "silo_unlock"
    menu = "Check In (Unlock)"
    tooltip = "Release your check-out lock of the active item"
    needs_document = True

    def run(self):
        from .panels import qt

        pn = _tracked_part_number("Unlock")
        if pn:
            _core().facade.UnlockItem(pn)
            qt.show_info("Unlock", f"{pn} is unlocked.")


class TrackDocumentCommand(_Command):
    name, pixmap = "Silo_TrackDocument", "silo_track"
    menu = "Track Document..."
    tooltip = "Mark the active document as a Silo item (its part number)"
    needs_document = True

    def run(self):
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
        if not ok:
            return
        # The server is asked before the document is marked: an item it does not know would make
        # every later edit fail.
        outcome = tracking.track(doc, text, _core(), track_dialog.ask_create)
        if outcome.tracked:
            qt.show_info("Track Document", outcome.message)
        else:
            qt.show_warning("Track Document", outcome.message)


class PreferencesCommand(_Command):
    name, pixmap = "Silo_Preferences", "silo_preferences"
    menu = "Silo Preferences..."
    tooltip = "Server, token, locking and sync settings"

    def run(self):
        import FreeCADGui

        from .panels import preferences

        preferences.register()
        FreeCADGui.showPreferences(preferences.GROUP)


COMMANDS = (
    SubscribeCommand, SubscriptionsCommand, SyncStatusCommand, ActivityPaneCommand, PresenceCommand,
    LockCommand, UnlockCommand, TrackDocumentCommand, PreferencesCommand,
)


def register() -> list:
    """Add every command to FreeCAD once (later calls change nothing); the names, in toolbar order."""
    import FreeCADGui

    if not _registered:
        known = set(FreeCADGui.listCommands())
        for cls in COMMANDS:
            if cls.name not in known:
                FreeCADGui.addCommand(cls.name, cls())
            _registered.append(cls.name)
        from .panels import preferences

        preferences.register()
    return list(_registered)
