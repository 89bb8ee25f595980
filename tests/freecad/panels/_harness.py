"""Shared set-up of the FreeCAD GUI test scripts: import paths, result file, screenshots, quit.

FreeCAD runs the script as a module named after the file (not "__main__") and exits 0 even when
it raises, so each script hands its body to `run()`, which always writes a result JSON
{"ok", "checks", "error"} and then quits FreeCAD.
"""

from __future__ import annotations

import json
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def setup_paths() -> None:
    """Make `freecad.silo_mod` importable from this checkout.

    FreeCAD's `freecad` package extends its __path__ (pkgutil) when it is first imported, which
    happened before this script ran: adding the repo to sys.path alone is not enough, so the
    checkout's freecad/ folder is appended to the package's __path__ as well.
    """
    for path in (ROOT, HERE):
        if path not in sys.path:
            sys.path.insert(0, path)
    import freecad

    ours = os.path.join(ROOT, "freecad")
    if ours not in list(freecad.__path__):
        freecad.__path__.append(ours)


setup_paths()

from PySide import QtCore, QtGui  # noqa: E402

sys.path.insert(0, os.path.dirname(HERE))
import warnings_recorder  # noqa: E402

warnings_recorder.start()


def screenshot_dir() -> str:
    path = os.environ.get("SILOMOD_SCREENSHOTS") or os.path.join(ROOT, "artifacts", "screenshots", "freecad")
    os.environ["SILOMOD_SCREENSHOTS"] = path
    os.makedirs(path, exist_ok=True)
    return path


def main_window():
    import FreeCADGui

    return FreeCADGui.getMainWindow()


def pump(ms: int = 0) -> None:
    """Let Qt lay out and paint for a while (signals, timers, resizes)."""
    loop = QtCore.QEventLoop()
    QtCore.QTimer.singleShot(ms, loop.quit)
    # exec_ is deprecated in PySide6 (FreeCAD 1.x); PySide2 (0.20) has only exec_.
    (getattr(loop, "exec", None) or loop.exec_)()


def screenshot(name: str, widget=None) -> str:
    """The real window as on screen (grabWindow); `widget` for a top-level dialog of its own."""
    pump(300)
    path = os.path.join(screenshot_dir(), name + ".png")
    target = widget if widget is not None else main_window()
    pixmap = QtGui.QGuiApplication.primaryScreen().grabWindow(target.winId())
    if not pixmap.save(path, "PNG"):
        raise RuntimeError(f"could not write {path}")
    return path


def clipped(root) -> list:
    """What of a panel is not fully on view: visible buttons, labels and input fields cut by the edge
    of something they sit in (inside a scroll area only sideways: the panes scroll vertically, never
    horizontally), buttons and single-line labels narrower than their text, wrapped labels too
    short for theirs. Each as "ClassName 'text': reason"."""
    kinds = (QtGui.QAbstractButton, QtGui.QLabel, QtGui.QLineEdit, QtGui.QComboBox, QtGui.QAbstractSpinBox)
    problems = []
    for widget in root.findChildren(QtGui.QWidget):
        try:
            if not isinstance(widget, kinds) or not widget.isVisible() or widget.width() <= 0:
                continue
            name = f"{type(widget).__name__} {_text_of(widget)!r}"
            reason = _cut_by_ancestor(widget, root)
            if reason is None:
                reason = _too_small_for_text(widget)
        except RuntimeError:
            continue  # PySide2 can hand out a wrapper of a widget Qt already deleted: nothing to see
        if reason is not None:
            problems.append(f"{name}: {reason}")
    return problems


def _text_of(widget) -> str:
    for getter in ("text", "currentText"):
        if hasattr(widget, getter):
            return getattr(widget, getter)()
    return ""


def _cut_by_ancestor(widget, root):
    rect = QtCore.QRect(QtCore.QPoint(0, 0), widget.size())
    child = widget
    while child is not root and child.parentWidget() is not None:
        parent = child.parentWidget()
        rect.translate(child.pos())
        scrolled = isinstance(parent.parentWidget(), QtGui.QAbstractScrollArea) and parent is parent.parentWidget().viewport()
        inside = parent.rect()
        if rect.left() < inside.left() or rect.right() > inside.right():
            return f"x {rect.left()}..{rect.right()} outside {type(parent).__name__} 0..{inside.right()}"
        if not scrolled and (rect.top() < inside.top() or rect.bottom() > inside.bottom()):
            return f"y {rect.top()}..{rect.bottom()} outside {type(parent).__name__} 0..{inside.bottom()}"
        if scrolled:
            # Scrolled content is as tall as it likes; further up only the viewport's own frame counts.
            rect = QtCore.QRect(QtCore.QPoint(rect.left(), 0), QtCore.QSize(rect.width(), 1))
        child = parent
    return None


def _too_small_for_text(widget):
    if isinstance(widget, QtGui.QLabel):
        if not widget.text():
            return None
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            return f"height {widget.height()} < {needed} needed" if needed > widget.height() else None
        needed = widget.sizeHint().width()
        return f"width {widget.width()} < {needed} needed" if widget.width() < needed else None
    if isinstance(widget, QtGui.QAbstractButton):
        needed = widget.minimumSizeHint().width()
        return f"width {widget.width()} < {needed} needed" if widget.width() < needed else None
    return None


class Result:
    def __init__(self, name: str):
        self.name = name
        self.path = os.environ.get("SILOMOD_RESULT") or f"/tmp/silomod-{name}-result.json"
        self.checks = {}
        self.error = ""
        self.extra = {}

    def check(self, name: str, condition, detail=None) -> bool:
        ok = bool(condition)
        self.checks[name] = ok
        if not ok:
            print(f"CHECK FAILED: {name}" + (f" — {detail!r}" if detail is not None else ""), file=sys.stderr)
            self.extra.setdefault("failed_details", {})[name] = repr(detail)
        return ok

    def write(self) -> None:
        if self.checks:
            warned = warnings_recorder.from_silo_mod()
            self.check("no Python warnings from SiloMod", not warned, warned)
        ok = not self.error and bool(self.checks) and all(self.checks.values())
        import FreeCAD

        # The test checks it ran the FreeCAD it selected (0.20 on the host, 1.1 in the chroot).
        version = ".".join(FreeCAD.Version()[:2])
        data = {"ok": ok, "checks": self.checks, "error": self.error, "freecad_version": version,
                "details": self.extra.get("failed_details", {}), **self.extra}
        os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        with open(self.path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2, ensure_ascii=False)
        os.replace(self.path + ".tmp", self.path)
        print(f"SILOMOD-RESULT {self.name}: {'ok' if ok else 'FAILED'} -> {self.path}")


def quit_freecad() -> None:
    app = QtGui.QApplication.instance()
    # Leave no unsaved-changes prompt behind: the tests' documents are throw-away.
    try:
        import FreeCAD

        for name in list(FreeCAD.listDocuments()):
            FreeCAD.closeDocument(name)
    except Exception:
        traceback.print_exc()
    QtCore.QTimer.singleShot(0, app.quit)
    # A modal dialog left open would keep FreeCAD alive: end the process regardless.
    QtCore.QTimer.singleShot(8000, lambda: os._exit(3))


def close_start_page() -> None:
    """The Start page is a QtWebEngine view that repaints over dialogs under Xvfb: close it."""
    area = main_window().findChild(QtGui.QMdiArea)
    if area is not None:
        area.closeAllSubWindows()
    pump(200)


def run(name: str, body) -> None:
    """Run body(result) once the event loop is up; always write the result, then quit."""
    result = Result(name)
    os.environ.setdefault("SILOMOD_NO_MESSAGE_BOXES", "1")

    def go():
        try:
            screenshot_dir()
            close_start_page()
            body(result)
        except BaseException:
            result.error = traceback.format_exc()
            print(result.error, file=sys.stderr)
        finally:
            try:
                result.write()
            finally:
                quit_freecad()

    QtCore.QTimer.singleShot(500, go)
