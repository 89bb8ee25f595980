"""The "Silo" page of FreeCAD's preferences dialog (Edit → Preferences → Silo).

FreeCAD 0.20 accepts a Python class for a page: it instantiates it with no arguments, embeds
``self.form`` and calls ``loadSettings()`` / ``saveSettings()``.
"""

from __future__ import annotations

from .. import resource_path
from .. import settings as silo_settings
from . import qt
from .qt import QtCore, QtGui

GROUP = "Silo"
_registered = False


def test_connection(values: dict, core=None) -> str:
    """(Re)connects the core to the entered server and token, even one that failed moments ago."""
    if core is None:
        from .. import runtime

        core = runtime.core()
    identity = core.connect(silo_settings.start_request(values), force=True)
    return f"Connected to {values['server_url']} as {identity.User} (workstation {identity.WorkstationId})."


class SiloPreferencesWidget(QtGui.QWidget):
    def __init__(self, tester, parent=None):
        super().__init__(parent)
        self.setObjectName("SiloPreferences")
        self._tester = tester
        outer = QtGui.QVBoxLayout(self)

        server = QtGui.QGroupBox("Server")
        form = QtGui.QFormLayout(server)
        self.server_url = qt.named(QtGui.QLineEdit(), "server_url")
        self.server_url.setPlaceholderText(silo_settings.DEFAULT_SERVER_URL)
        form.addRow("Server URL:", self.server_url)
        self.token = qt.named(QtGui.QLineEdit(), "token")
        self.token.setEchoMode(QtGui.QLineEdit.Password)
        self.token.setPlaceholderText("API token from the Silo server")
        form.addRow("Token:", self.token)
        token_note = qt.message_line("token_note", "The token is stored in plain text in your FreeCAD configuration (user.cfg).")
        token_note.setStyleSheet("color: palette(dark);")
        form.addRow("", token_note)
        test_row = QtGui.QHBoxLayout()
        self.test_button = qt.named(QtGui.QPushButton("Test connection"), "test_connection")
        self.test_button.clicked.connect(self.run_test)
        test_row.addWidget(self.test_button)
        self.test_result = qt.message_line("test_result")
        self.test_result.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        test_row.addWidget(self.test_result, 1)
        form.addRow("", test_row)
        outer.addWidget(server)

        self.checks = {}
        self.max_downloads = qt.named(QtGui.QSpinBox(), "subscription_max_downloads")
        self.max_downloads.setRange(silo_settings.MIN_DOWNLOADS, silo_settings.MAX_DOWNLOADS)
        downloads = qt.row(silo_settings.LABELS["subscription_max_downloads"] + ":", self.max_downloads)
        for title, rows in (("Editing", ("edit_locking_enabled", "push_on_context_close")),
                            ("Subscriptions", ("subscription_auto_sync", downloads, "subscription_sync_on_connect",
                                               "subscription_notify"))):
            group = QtGui.QGroupBox(title)
            layout = QtGui.QVBoxLayout(group)
            for row in rows:
                if isinstance(row, str):
                    layout.addWidget(self._check(row))
                else:
                    layout.addLayout(row)
            outer.addWidget(group)
        outer.addStretch(1)

    def _check(self, key):
        box = self.checks[key] = qt.named(QtGui.QCheckBox(silo_settings.LABELS[key]), key)
        return box

    def set_values(self, values: dict) -> None:
        self.server_url.setText(values.get("server_url", ""))
        self.token.setText(values.get("token", ""))
        values = {**silo_settings.DEFAULTS, **values}
        for key, box in self.checks.items():
            box.setChecked(bool(values[key]))
        self.max_downloads.setValue(int(values["subscription_max_downloads"]))

    def values(self) -> dict:
        values = {
            "server_url": silo_settings.normalize_url(self.server_url.text()) or silo_settings.DEFAULT_SERVER_URL,
            "token": self.token.text().strip(),
            "subscription_max_downloads": self.max_downloads.value(),
        }
        values.update({key: box.isChecked() for key, box in self.checks.items()})
        return values

    def run_test(self) -> str:
        self.test_result.setText("Connecting…")
        self.test_button.setEnabled(False)
        QtGui.QApplication.processEvents()
        try:
            text = "✔ " + self._tester(self.values())
        except Exception as exc:  # shown on the page, the user's next step depends on it
            text = "✘ " + qt.describe_error(exc)
            qt.print_error(f"Silo: connection test failed: {text[2:]}")
        finally:
            self.test_button.setEnabled(True)
        self.test_result.setText(text)
        return text


class SiloPreferencesPage:
    """What FreeCADGui.addPreferencePage expects: `form`, `loadSettings`, `saveSettings`."""

    core_factory = None  # tests give a fake core

    def __init__(self, parent=None):
        self.form = SiloPreferencesWidget(self._test, parent)
        self.form.setWindowTitle(GROUP)

    def _test(self, values):
        return test_connection(values, self.core_factory() if self.core_factory else None)

    def loadSettings(self):  # noqa: N802 (FreeCAD's name)
        self.form.set_values(silo_settings.load())

    def saveSettings(self):  # noqa: N802 (FreeCAD's name)
        values = silo_settings.save(self.form.values())
        try:
            core = self.core_factory() if self.core_factory else None
            silo_settings.push_to_core(values, core)
        except Exception as exc:
            qt.show_error("saving settings", exc, self.form)


def register() -> bool:
    """Add the page to FreeCAD's preferences once per session."""
    global _registered
    if _registered:
        return False
    import FreeCADGui

    # The dialog shows the group with the icon "preferences-silo" from the icon path.
    FreeCADGui.addIconPath(resource_path("icons"))
    FreeCADGui.addPreferencePage(SiloPreferencesPage, GROUP)
    _registered = True
    return True
