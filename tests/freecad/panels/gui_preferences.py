"""FreeCAD GUI test: the "Silo" preferences page in FreeCAD's real (modal) preferences dialog:
defaults shown, Test connection, OK saves to the parameter group and pushes the six settings.

QTWEBENGINE_DISABLE_SANDBOX=1 xvfb-run -a -s "-screen 0 1600x1000x24" freecad tests/freecad/panels/gui_preferences.py
Run it with FREECAD_USER_HOME set to a throw-away folder: it writes preferences.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _harness  # noqa: E402
from _harness import QtCore, QtGui  # noqa: E402


def body(r):
    import FreeCAD
    import FreeCADGui

    from fake_core import FakeCore
    from freecad.silo_mod import settings
    from freecad.silo_mod.panels import preferences

    core = FakeCore()
    preferences.SiloPreferencesPage.core_factory = staticmethod(lambda: core)
    # InitGui.py registers the page at start-up when FreeCAD loaded the addon; this call adds it otherwise.
    preferences.register()
    r.check("page_registered", preferences._registered is True)
    r.check("register_idempotent", preferences.register() is False)
    params = FreeCAD.ParamGet(settings.PARAM_PATH)
    for key in settings.DEFAULTS:  # start from a clean group even on a reused FreeCAD home
        params.RemBool(key)
        params.RemInt(key)
        params.RemString(key)

    seen = {}

    def on_dialog(attempt=0):
        dialog = QtGui.QApplication.activeModalWidget()
        page = dialog.findChild(QtGui.QWidget, "SiloPreferences") if dialog is not None else None
        if page is None or not page.isVisible():
            if attempt < 50:
                QtCore.QTimer.singleShot(100, lambda: on_dialog(attempt + 1))
            elif dialog is not None:
                seen["error"] = "Silo page not shown"
                dialog.reject()
            return
        try:
            seen["defaults"] = page.values()
            seen["token_is_password"] = page.token.echoMode() == QtGui.QLineEdit.Password
            seen["spin_range"] = (page.max_downloads.minimum(), page.max_downloads.maximum())
            page.server_url.setText("http://silo.example:5080/")
            page.token.setText("secret-token")
            page.checks["edit_locking_enabled"].setChecked(False)
            page.max_downloads.setValue(4)
            page.test_button.click()
            seen["test_result"] = page.test_result.text()
            _harness.screenshot("preferences")
            seen["clipped"] = _harness.clipped(page)
        except Exception as exc:
            seen["error"] = repr(exc)
        dialog.accept()

    QtCore.QTimer.singleShot(300, on_dialog)
    FreeCADGui.showPreferences(preferences.GROUP)  # modal: returns once on_dialog pressed OK

    r.check("page_shown", "defaults" in seen and "error" not in seen, seen.get("error"))
    r.check("nothing clipped", seen.get("clipped") == [], seen.get("clipped"))
    r.check("defaults_shown", seen.get("defaults") == settings.DEFAULTS, seen.get("defaults"))
    r.check("token_password_echo", seen.get("token_is_password") is True)
    r.check("downloads_range_1_8", seen.get("spin_range") == (1, 8))
    r.check("test_connection_starts_core", seen.get("test_result", "").startswith(
        "✔ Connected to http://silo.example:5080 as tester") and core.calls_of("Connect")
        and core.calls_of("Connect")[0][0].Token == "secret-token", seen.get("test_result"))
    stored = settings.load()
    r.check("ok_saves_parameters", stored["server_url"] == "http://silo.example:5080" and stored["token"] == "secret-token"
            and stored["edit_locking_enabled"] is False and stored["subscription_max_downloads"] == 4, stored)
    r.check("ok_pushes_six_settings", core.calls_of("UpdateSettings")[-1:] == [
        (settings.core_record(dict(settings.CORE_DEFAULTS, edit_locking_enabled=False, subscription_max_downloads=4)),)],
        core.calls)


_harness.run("preferences", body)
