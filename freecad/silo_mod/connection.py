"""Connecting the core to the configured Silo server: the one place that starts it."""

import time

from ._errors import CoreError

# The server and token the running core was started with, so a change in the preferences
# reconnects at the next use instead of silently talking to the old server.
_started_with = None

# A failed start is not retried for a while: every context change would otherwise wait on the
# GUI thread for a server that was just found unreachable.
RETRY_AFTER_SECONDS = 30.0
_last_failure = None  # (server_url, token, monotonic time, error)


def connected_core(core=None):
    """The core, loaded and started against the server in the preferences.

    Raises RuntimeUnavailable when .NET cannot be loaded, CoreError when the preferences lack a
    server or token or the server refuses them.
    """
    from . import runtime, settings

    core = core if core is not None else runtime.core()
    args = settings.start_arguments()
    if core.started and _started_with == (args["server_url"], args["token"]):
        return core
    start(core, args)
    return core


def start(core, args, force=False):
    """(Re)starts the core with ``start`` arguments (settings.start_arguments); returns its CoreIdentity.

    force: try even if the same server and token failed moments ago (the user asked explicitly).
    """
    global _started_with, _last_failure
    if not args["server_url"] or not args["token"]:
        raise CoreError("not_configured", "Set the Silo server URL and token in Edit → Preferences → Silo.")
    wanted = (args["server_url"], args["token"])
    if not force and _last_failure and _last_failure[:2] == wanted and time.monotonic() - _last_failure[2] < RETRY_AFTER_SECONDS:
        raise _last_failure[3]
    if core.started:
        core.facade.Stop()
        _started_with = None
    try:
        identity = core.start(start_request(args))
    except Exception as e:  # whatever the core threw: the same server is not asked again at once
        _last_failure = (*wanted, time.monotonic(), e)
        raise
    _last_failure = None
    _started_with = wanted
    return identity


def start_request(args):
    """The facade's StartRequest from ``start`` arguments."""
    from SiloMod.Bridge import StartRequest

    from . import settings

    return StartRequest(args["server_url"], args["token"], args["state_dir"], args["projects_dir"],
                        settings.core_record(args["settings"]))
