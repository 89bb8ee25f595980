"""Qt panels and dialogs of the Silo workbench.

Importing the package loads no Qt: the pure helpers (presence_model, activity_model) are used by
plain-Python tests, and each widget module imports Qt itself. What the Activity pane shows is
worded by the core (SiloMod.Core.Activity).
"""
