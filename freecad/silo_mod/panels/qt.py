"""The Qt and FreeCAD GUI calls the panels share.

`from PySide import QtCore, QtGui` is FreeCAD's shim: Qt5/PySide2 in 0.20 and PySide6 in 1.x, with
the widget classes reachable through QtGui in both.
"""

from __future__ import annotations

import os
import traceback

from PySide import QtCore, QtGui  # noqa: F401  (re-exported for the panels)

# Automated runs answer a dialog once it is on screen, a little after it opened.
AUTO_ANSWER_DELAY_MS = 600


def exec_dialog(dialog) -> int:
    return (getattr(dialog, "exec", None) or dialog.exec_)()  # PySide6 / PySide2


def main_window():
    import FreeCADGui

    return FreeCADGui.getMainWindow()


def default_core(core=None):
    """The injected core, or the process-wide one, loaded and connected to the configured server."""
    if core is not None:
        return core
    from freecad.silo_mod import connection

    return connection.connected_core()


def _console(kind: str, text: str) -> None:
    try:
        import FreeCAD

        getattr(FreeCAD.Console, kind)(text.rstrip("\n") + "\n")
    except ImportError:  # outside FreeCAD (plain-Python tests)
        print(text)


def print_error(text: str) -> None:
    _console("PrintError", text)


def print_message(text: str) -> None:
    _console("PrintMessage", text)


def describe_error(exc: BaseException) -> str:
    """One readable line: the core's wording of what a facade call threw, else the exception's own."""
    if _is_dotnet(exc):
        from freecad.silo_mod import runtime

        if runtime.is_loaded():
            try:
                return str(runtime.core().facade.Describe(exc))
            except Exception:  # the wording is a nicety; the exception's own message still says it
                pass
        return str(exc.Message)
    return str(exc) or type(exc).__name__


def _is_dotnet(exc: BaseException) -> bool:
    return getattr(exc, "Message", None) is not None  # pythonnet's .NET exceptions carry .NET's Message


def _box(show, title: str, text: str, parent) -> None:
    if not os.environ.get("SILOMOD_NO_MESSAGE_BOXES"):  # automated runs: a modal box would hang the test
        show(parent or main_window(), f"Silo — {title}", text)


def show_error(title: str, exc: BaseException, parent=None) -> None:
    """A failure, in the report view (with the traceback when it is a bug) and in a message box."""
    from freecad.silo_mod._errors import RuntimeUnavailable

    text = describe_error(exc)
    print_error(f"Silo: {title}: {text}")
    if not isinstance(exc, RuntimeUnavailable) and not _is_dotnet(exc):
        print_error(traceback.format_exc())
    _box(QtGui.QMessageBox.warning, title, text, parent)


def show_warning(title: str, text: str, parent=None) -> None:
    """A refusal the user can act on: no traceback."""
    print_error(f"Silo: {title}: {text}")
    _box(QtGui.QMessageBox.warning, title, text, parent)


def show_info(title: str, text: str, parent=None) -> None:
    print_message(f"Silo: {text}")
    _box(QtGui.QMessageBox.information, title, text, parent)


# --- widgets the dialogs share -------------------------------------------------------------------

def named(widget, name: str):
    widget.setObjectName(name)
    return widget


def row(*items):
    """A horizontal row of labels (given as text) and widgets, left-aligned."""
    layout = QtGui.QHBoxLayout()
    for item in items:
        layout.addWidget(QtGui.QLabel(item) if isinstance(item, str) else item)
    layout.addStretch(1)
    return layout


def message_line(name: str = "message", text: str = ""):
    """The wrapped label a dialog says what happened in."""
    label = named(QtGui.QLabel(text), name)
    label.setWordWrap(True)
    return label


def report_failure(label, what: str, exc: BaseException) -> None:
    text = f"{what} failed: {describe_error(exc)}"
    label.setText(text)
    print_error(f"Silo: {text}")


def show_modal(title: str, make):
    """``make()``'s dialog, modally; a failure to build it (no core, no server) is shown instead."""
    try:
        dialog = make()
    except Exception as exc:
        show_error(title, exc)
        return None
    exec_dialog(dialog)
    return dialog


# Revision policies as the core names them, with their labels.
POLICIES = (("latest_released", "Latest Released"), ("latest", "Latest"), ("pinned", "Pinned"))


def policy_combo(policy=None):
    combo = QtGui.QComboBox()
    for key, label in POLICIES:
        combo.addItem(label, key)
    combo.setCurrentIndex(max(0, combo.findData(policy)))
    return combo


def revision_spin(value=1):
    spin = QtGui.QSpinBox()
    spin.setRange(1, 9999)
    spin.setPrefix("rev ")
    spin.setValue(value)
    return spin


def message_box(title: str, text: str, informative: str, name: str, parent=None):
    box = named(QtGui.QMessageBox(parent if parent is not None else main_window()), name)
    box.setIcon(QtGui.QMessageBox.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(informative)
    return box


def box_shown(box) -> dict:
    """What a message box showed, for tests to read once it closed."""
    return {"text": box.text(), "informative": box.informativeText(), "buttons": [b.text() for b in box.buttons()]}


# --- automated runs -----------------------------------------------------------------------------

def auto_answer(dialog, env: str, screenshot: str, actions: dict) -> None:
    """When ``$env`` names one of ``actions`` (answer → callable), runs it once ``dialog`` is really on
    screen, after its screenshot: a test sees the dialog a user would."""
    act = actions.get(os.environ.get(env, "").strip().lower())
    if act is None:
        return

    def answer():
        if not dialog.isVisible():
            QtCore.QTimer.singleShot(100, answer)
            return
        try:
            screenshot_hook(screenshot)
        except Exception as exc:  # a failed screenshot must not leave a modal dialog up forever
            print_error(f"Silo: screenshot {screenshot} failed: {exc}")
        act()

    QtCore.QTimer.singleShot(AUTO_ANSWER_DELAY_MS, answer)


def grab_main_window(path: str) -> bool:
    """Screenshot of the real window as on screen, dialogs above it included.

    grabWindow on the main window's id reads the screen, so modal dialogs over it show up too;
    QWidget.grab() would leave the 3D view blank.
    """
    QtGui.QApplication.processEvents()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    pixmap = QtGui.QGuiApplication.primaryScreen().grabWindow(main_window().winId())
    return bool(pixmap.save(path, "PNG"))


def _default_screenshot_hook(name: str):
    folder = os.environ.get("SILOMOD_SCREENSHOTS")
    return grab_main_window(os.path.join(folder, name + ".png")) if folder else False


# Replaceable by tests: called with the dialog's name when one that can be auto-answered is on screen.
screenshot_hook = _default_screenshot_hook
