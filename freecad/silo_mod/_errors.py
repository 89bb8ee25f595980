"""Errors shared by the runtime modules (kept apart so build.py and runtime.py don't import each other)."""


class RuntimeUnavailable(RuntimeError):
    """.NET or the SiloMod assemblies cannot be loaded; the message says what to install or do."""


class CoreError(RuntimeError):
    """The core answered ``{"error": {"type", "message"}}``."""

    def __init__(self, type_, message):
        super().__init__(f"{message} ({type_})")
        self.type = type_
        self.message = message
