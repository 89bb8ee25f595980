"""The few Qt and FreeCAD GUI calls the panels share, in one place.

`from PySide import QtCore, QtGui` is FreeCAD's shim: Qt5/PySide2 in 0.20 and PySide6 in 1.x, with
the widget classes reachable through QtGui in both.
"""

from __future__ import annotations

import os
import traceback

from PySide import QtCore, QtGui  # noqa: F401  (re-exported for the panels)


def exec_dialog(dialog) -> int:
    """exec() under PySide6, exec_() under PySide2."""
    run = getattr(dialog, "exec", None) or dialog.exec_
    return run()


def main_window():
    import FreeCADGui

    return FreeCADGui.getMainWindow()


def default_core(core=None):
    """The injected core, or the process-wide one, loaded and connected to the configured server."""
    if core is not None:
        return core
    from freecad.silo_mod import connection

    return connection.connected_core()


def print_error(text: str) -> None:
    try:
        import FreeCAD

        FreeCAD.Console.PrintError(text.rstrip("\n") + "\n")
    except ImportError:  # outside FreeCAD (plain-Python tests)
        print(text)


def print_message(text: str) -> None:
    try:
        import FreeCAD

        FreeCAD.Console.PrintMessage(text.rstrip("\n") + "\n")
    except ImportError:
        print(text)


def describe_error(exc: BaseException) -> str:
    """One readable line: a CoreError's message, or the core's wording of what a facade call threw."""
    message = getattr(exc, "message", None)
    if message is None and _is_dotnet(exc):
        message = _core_words(exc)
    return str(message or str(exc) or type(exc).__name__)


def _is_dotnet(exc: BaseException) -> bool:
    """A .NET exception, as pythonnet raises it from a facade call (it has .NET's Message)."""
    return getattr(exc, "Message", None) is not None


def _core_words(exc) -> str:
    from freecad.silo_mod import runtime

    if runtime.is_loaded():
        try:
            return str(runtime.core().facade.Describe(exc))
        except Exception:  # the wording is a nicety; the exception's own message still says it
            pass
    return str(exc.Message)


def show_error(title: str, exc: BaseException, parent=None) -> None:
    """Report a failure both in FreeCAD's report view and, interactively, in a message box."""
    text = describe_error(exc)
    print_error(f"Silo: {title}: {text}")
    if not isinstance(exc, _expected_errors()) and not _is_dotnet(exc):
        print_error(traceback.format_exc())
    if os.environ.get("SILOMOD_NO_MESSAGE_BOXES"):
        return  # automated runs: the report view is enough, a modal box would hang the test
    QtGui.QMessageBox.warning(parent or main_window(), f"Silo — {title}", text)


def _expected_errors() -> tuple:
    try:
        from freecad.silo_mod import runtime

        return tuple(e for e in (getattr(runtime, "CoreError", None), getattr(runtime, "RuntimeUnavailable", None)) if e)
    except ImportError:
        return ()


def show_warning(title: str, text: str, parent=None) -> None:
    """A refusal the user can act on: the report view and, interactively, a warning box (no traceback)."""
    print_error(f"Silo: {title}: {text}")
    if os.environ.get("SILOMOD_NO_MESSAGE_BOXES"):
        return
    QtGui.QMessageBox.warning(parent or main_window(), f"Silo — {title}", text)


def show_info(title: str, text: str, parent=None) -> None:
    try:
        import FreeCAD

        FreeCAD.Console.PrintMessage(f"Silo: {text}\n")
    except ImportError:
        pass
    if os.environ.get("SILOMOD_NO_MESSAGE_BOXES"):
        return
    QtGui.QMessageBox.information(parent or main_window(), f"Silo — {title}", text)


# --- screenshots for automated runs -------------------------------------------------------------

def screenshot_dir():
    """Where automated runs want screenshots (SILOMOD_SCREENSHOTS), or None."""
    path = os.environ.get("SILOMOD_SCREENSHOTS")
    return path or None


def grab_main_window(path: str) -> bool:
    """Screenshot of the real window as on screen, dialogs above it included.

    grabWindow on the main window's id reads the screen, so modal dialogs over it show up too;
    QWidget.grab() would leave the 3D view blank.
    """
    QtGui.QApplication.processEvents()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    screen = QtGui.QGuiApplication.primaryScreen()
    pixmap = screen.grabWindow(main_window().winId())
    return bool(pixmap.save(path, "PNG"))


# Replaceable by tests: called with (name) when a dialog that can be auto-answered is on screen.
def _default_screenshot_hook(name: str):
    folder = screenshot_dir()
    if folder:
        return grab_main_window(os.path.join(folder, name + ".png"))
    return False


screenshot_hook = _default_screenshot_hook
