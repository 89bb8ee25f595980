"""Records every Python warning raised while a test script runs, so the script can check that
SiloMod's own code raised none (PySide6's deprecations above all: exec_ and the like).

FreeCAD 1.x ignores PYTHONWARNINGS and, like Python, hides DeprecationWarning outside __main__:
start() shows every warning from here on, and keeps passing them to the usual output.
"""

import os
import warnings

SILO_MOD_DIR = os.path.join("freecad", "silo_mod") + os.sep

_seen = []
_started = False


def start():
    global _started
    if _started:
        return
    _started = True
    warnings.simplefilter("always")
    previous = warnings.showwarning

    def record(message, category, filename, lineno, file=None, line=None):
        _seen.append({"category": category.__name__, "message": str(message), "file": filename, "line": lineno})
        previous(message, category, filename, lineno, file, line)

    warnings.showwarning = record


def from_silo_mod():
    """The warnings raised by a line of SiloMod's own code."""
    return [w for w in _seen if SILO_MOD_DIR in os.path.normpath(w["file"])]
