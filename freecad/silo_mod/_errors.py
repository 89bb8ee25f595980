"""Errors of the loading path (apart, so build.py and runtime.py don't import each other)."""


class RuntimeUnavailable(RuntimeError):
    """.NET or the SiloMod assemblies cannot be loaded; the message says what to install or do."""


class BuildCancelled(RuntimeUnavailable):
    """The user cancelled the first build of the .NET part: SiloMod stays inactive until the next try."""
