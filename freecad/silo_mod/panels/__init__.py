"""Qt panels and dialogs of the Silo workbench.

Importing the package loads no Qt: each widget module imports Qt itself. What the panels show is
worded by the core (SiloMod.Core.Activity, SiloMod.Core.EditSessions.BlockedPrompt); they lay it
out.
"""
