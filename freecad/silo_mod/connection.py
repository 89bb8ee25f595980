"""Connecting the core to the configured Silo server: the one place that calls ``start``."""

from ._errors import CoreError

# The server and token the running core was started with, so a change in the preferences
# reconnects at the next use instead of silently talking to the old server.
_started_with = None


def connected_core(core=None):
    """The core, loaded and started against the server in the preferences.

    Raises RuntimeUnavailable when .NET cannot be loaded, CoreError when the preferences lack a
    server or token or the server refuses them.
    """
    from . import runtime, settings

    core = core if core is not None else runtime.core()
    args = settings.start_arguments()
    if getattr(core, "started", False) and _started_with == (args["server_url"], args["token"]):
        return core
    start(core, args)
    return core


def start(core, args):
    """(Re)starts the core with ``start`` arguments (settings.start_arguments); returns its answer."""
    global _started_with
    if not args["server_url"] or not args["token"]:
        raise CoreError("not_configured", "Set the Silo server URL and token in Edit → Preferences → Silo.")
    if getattr(core, "started", False):
        core.call("stop")
        _started_with = None
    answer = core.call("start", **args)
    _started_with = (args["server_url"], args["token"])
    return answer
