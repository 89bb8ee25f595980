"""Puts the checkout (for ``freecad.silo_mod``) and this folder on sys.path for the plain-Python tests."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
for path in (ROOT, HERE):
    if path not in sys.path:
        sys.path.insert(0, path)
