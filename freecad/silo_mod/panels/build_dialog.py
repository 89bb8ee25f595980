"""The first build of the .NET part, shown in FreeCAD's GUI: a dialog with the build's output as it
comes and Cancel, while the GUI keeps running.

The build runs in a QProcess whose output arrives as Qt signals; the caller waits in a local event
loop, so FreeCAD repaints and takes input meanwhile and the caller still gets the outcome back.
"""

from __future__ import annotations

from typing import Optional

from .qt import QtCore, QtGui, main_window

OBJECT_NAME = "SiloBuildProgress"
# Enough of the output to follow what the build does; the Report view keeps all of it.
MAX_LINES = 500


class BuildProgress(QtGui.QDialog):
    """Runs one command, showing its merged output; ``run()`` answers its exit code, None when cancelled."""

    def __init__(self, command, cwd, env, on_line, parent=None):
        super().__init__(parent)
        self.setObjectName(OBJECT_NAME)
        self.setWindowTitle("SiloMod: first start")
        self.setWindowModality(QtCore.Qt.WindowModal)
        self._command, self._on_line = list(command), on_line
        self.cancelled, self.exit_code, self.failure = False, None, None
        self._partial = ""
        self._loop = QtCore.QEventLoop(self)

        layout = QtGui.QVBoxLayout(self)
        label = QtGui.QLabel("SiloMod builds its .NET part once, the first time it starts. This takes about a minute.")
        label.setWordWrap(True)
        layout.addWidget(label)
        busy = QtGui.QProgressBar()
        busy.setRange(0, 0)
        layout.addWidget(busy)
        self.output = QtGui.QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setMaximumBlockCount(MAX_LINES)
        self.output.setMinimumSize(640, 240)
        layout.addWidget(self.output)
        buttons = QtGui.QDialogButtonBox(QtGui.QDialogButtonBox.Cancel)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.cancel_button = buttons.button(QtGui.QDialogButtonBox.Cancel)

        self.process = QtCore.QProcess(self)
        self.process.setProcessChannelMode(QtCore.QProcess.MergedChannels)
        self.process.setWorkingDirectory(cwd)
        environment = QtCore.QProcessEnvironment()
        for key, value in env.items():
            environment.insert(key, value)
        self.process.setProcessEnvironment(environment)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._error)

    def run(self) -> Optional[int]:
        self.process.start(self._command[0], self._command[1:])
        self.show()
        (getattr(self._loop, "exec", None) or self._loop.exec_)()
        if self.failure is not None:
            from .._errors import RuntimeUnavailable

            raise RuntimeUnavailable(f"SiloMod could not run '{self._command[0]}': {self.failure}")
        return None if self.cancelled else self.exit_code

    def reject(self):
        """Cancel, Escape or the window's close button: the build is stopped, not left running unseen."""
        if self.process.state() != QtCore.QProcess.NotRunning:
            self.cancelled = True
            self.cancel_button.setEnabled(False)
            self.output.appendPlainText("Cancelling…")
            self.process.kill()

    def _read(self):
        text = self._partial + bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")
        *lines, self._partial = text.split("\n")
        for line in lines:
            self._line(line)

    def _line(self, line):
        self.output.appendPlainText(line.rstrip("\r"))
        self._on_line(line + "\n")

    def _finished(self, code, _status=None):
        self._read()
        if self._partial:
            self._line(self._partial)
            self._partial = ""
        self.exit_code = code
        self._end()

    def _error(self, error):
        # Only a process that never started ends here without a finished signal.
        if error == QtCore.QProcess.FailedToStart:
            self.failure = self.process.errorString()
            self._end()

    def _end(self):
        super().reject()
        self._loop.quit()


def run(command, cwd, env, on_line) -> Optional[int]:
    """build.ensure_built's ``run`` in FreeCAD's GUI: the build in a progress dialog over the main window."""
    dialog = BuildProgress(command, cwd, env, on_line, main_window())
    try:
        return dialog.run()
    finally:
        dialog.deleteLater()
