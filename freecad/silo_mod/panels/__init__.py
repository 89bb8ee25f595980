"""Qt panels and dialogs of the Silo workbench.

Importing the package loads no Qt: the pure models (activity_model, presence_model) are used by
plain-Python tests, and each widget module imports Qt itself.
"""
