# Edit → Preferences → Silo exists right after FreeCAD starts, before the workbench was ever
# activated, and showing it loads no .NET.
import os
import sys

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCADGui as Gui  # noqa: E402
from PySide import QtCore, QtGui  # noqa: E402


def main():
    harness.close_start_page()
    from freecad.silo_mod import runtime
    from freecad.silo_mod.panels import preferences

    harness.check("workbench never activated", Gui.activeWorkbench().__class__.__name__ != "SiloModWorkbench",
                  Gui.activeWorkbench().__class__.__name__)
    harness.check("page registered at start-up", preferences.register() is False)

    seen = {}

    def on_dialog(attempt=0):
        dialog = QtGui.QApplication.activeModalWidget()
        page = dialog.findChild(QtGui.QWidget, "SiloPreferences") if dialog is not None else None
        if page is None or not page.isVisible():
            if attempt < 80:
                QtCore.QTimer.singleShot(100, lambda: on_dialog(attempt + 1))
            elif dialog is not None:
                seen["error"] = "Silo page not shown"
                dialog.reject()
            return
        seen["server_url_field"] = page.server_url.placeholderText()
        seen["screenshot"] = harness.screenshot("preferences_at_start")
        dialog.reject()

    QtCore.QTimer.singleShot(300, on_dialog)
    Gui.showPreferences(preferences.GROUP)  # modal: returns once on_dialog closed it

    harness.check("Silo page shown", "server_url_field" in seen and "error" not in seen, seen)
    harness.check("no .NET after showing it", not harness.dotnet_loaded() and not runtime.is_loaded())


harness.run(main)
