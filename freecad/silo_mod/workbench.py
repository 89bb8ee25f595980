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

        names = commands.register()
        self.appendToolbar("Silo", names)
        self.appendMenu("&Silo", names)

    def Activated(self):
        from PySide import QtCore

        # Off the activation path: switching to the workbench must not wait for .NET to start.
        QtCore.QTimer.singleShot(0, start_runtime)

    def GetClassName(self):
        return "Gui::PythonWorkbench"


def start_runtime():
    """Loads the core (building it once if needed) and connects it; a failure is shown, not raised into Qt."""
    from . import connection, context, runtime

    try:
        core = connection.connected_core()
    except runtime.RuntimeUnavailable as e:
        return _show_error(str(e))
    except Exception as e:
        from .panels import qt

        return _show_error(qt.describe_error(e))
    source = context.source()
    if source is not None:
        try:
            source.core()  # hooks the pushed events up and reports the open files
        except Exception as e:
            _show_error(f"Connecting the context source to the core failed: {e!r}")
    return core


def _show_error(text):
    from PySide import QtCore, QtGui

    FreeCAD.Console.PrintError(f"SiloMod cannot start: {text}\n")
    # Not modal-blocking: a failure at activation must not freeze a scripted session.
    box = QtGui.QMessageBox(QtGui.QMessageBox.Warning, "SiloMod cannot start", text, QtGui.QMessageBox.Ok,
                            FreeCADGui.getMainWindow())
    box.setAttribute(QtCore.Qt.WA_DeleteOnClose)
    box.open()


def _at_start_up(what, install):
    try:
        install()
    except Exception as e:
        FreeCAD.Console.PrintError(f"SiloMod could not {what}: {e!r}\n")


def install_context_source():
    """Cheap observers only; .NET loads on the first change in a tracked document."""
    from . import context

    _at_start_up("watch editing contexts", context.install)


def install_preferences():
    """Edit → Preferences → Silo exists before the workbench is first activated, without .NET."""
    from .panels import preferences

    _at_start_up("add its preferences page", preferences.register)
