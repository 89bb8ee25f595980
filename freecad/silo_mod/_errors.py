"""Errors shared by the runtime modules (kept apart so build.py and runtime.py don't import each other)."""


class RuntimeUnavailable(RuntimeError):
    """.NET or the SiloMod assemblies cannot be loaded; the message says what to install or do."""


class BuildCancelled(RuntimeUnavailable):
    """The user cancelled the first build of the .NET part: SiloMod stays inactive until the next try."""


class CoreError(RuntimeError):
    """The workbench refuses to start the core as asked (``type`` says why, e.g. "not_configured").

    What the core itself refuses arrives as the .NET exception a facade call raised.
    """

    def __init__(self, type_, message):
        super().__init__(f"{message} ({type_})")
        self.type = type_
        self.message = message
