"""The Silo workbench. Importing this module loads no .NET: the runtime starts after activation."""

import FreeCAD
import FreeCADGui

from . import resource_path


class SiloModWorkbench(FreeCADGui.Workbench):
    MenuText = "Silo"
    ToolTip = "Multi-user editing with Silo: edit sessions, checkpoints and subscriptions"
    Icon = resource_path("icons", "silo_mod.svg")

    def Initialize(self):
        from . import commands

        names = list(commands.register())
        self.appendToolbar("Silo", names)
        self.appendMenu("&Silo", names)
        self._commands = names

    def Activated(self):
        from PySide import QtCore

        # Off the activation path: switching to the workbench must not wait for .NET to start.
        QtCore.QTimer.singleShot(0, start_runtime)

    def Deactivated(self):
        pass

    def GetClassName(self):
        return "Gui::PythonWorkbench"


def start_runtime():
    """Loads the core (building it once if needed) and connects it; a failure is shown, not raised into Qt."""
    from . import connection, context, runtime

    try:
        core = connection.connected_core()
    except (runtime.RuntimeUnavailable, runtime.CoreError) as e:
        _show_error("SiloMod cannot start", str(e))
        return None
    except Exception as e:
        _show_error("SiloMod cannot start", f"Loading SiloMod's .NET part failed: {e!r}")
        return None
    source = context.source()
    if source is not None:
        try:
            source.core()  # hooks the pushed events up and reports the open files
        except Exception as e:
            _show_error("SiloMod", f"Connecting the context source to the core failed: {e!r}")
    return core


def _show_error(title, text):
    FreeCAD.Console.PrintError(f"{title}: {text}\n")
    from PySide import QtGui

    # Not modal-blocking: a failure at activation must not freeze a scripted session.
    box = QtGui.QMessageBox(QtGui.QMessageBox.Warning, title, text, QtGui.QMessageBox.Ok, FreeCADGui.getMainWindow())
    box.setAttribute(_delete_on_close())
    box.open()


def _delete_on_close():
    from PySide import QtCore

    return QtCore.Qt.WA_DeleteOnClose


def install_context_source():
    """At start-up: cheap observers only; .NET loads on the first change in a tracked document."""
    from . import context

    try:
        context.install()
    except Exception as e:
        FreeCAD.Console.PrintError(f"SiloMod could not watch editing contexts: {e!r}\n")


def install_preferences():
    """At start-up: Edit → Preferences → Silo exists before the workbench is first activated.

    Only Qt and the settings module are imported; .NET is loaded later, by the page's Test
    connection or by the workbench.
    """
    from .panels import preferences

    try:
        preferences.register()
    except Exception as e:
        FreeCAD.Console.PrintError(f"SiloMod could not add its preferences page: {e!r}\n")
