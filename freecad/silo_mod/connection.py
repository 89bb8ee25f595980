"""The one place that connects the core to the server in the preferences.

Asked on every use, so a change in the preferences reconnects at the next one; the facade's
``Connect`` decides whether that starts anything (and refuses a server that just failed).
"""


def connected_core(core=None, values=None, force=False):
    """The core, loaded and connected; raises RuntimeUnavailable or what the facade's Connect threw."""
    from . import runtime, settings

    core = core if core is not None else runtime.core()
    core.connect(settings.start_request(values), force)
    return core
