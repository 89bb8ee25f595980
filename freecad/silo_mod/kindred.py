"""Kindred Create's add-on SDK (``kindred_sdk``), as far as SiloMod uses it: being told when the
editing context changes.

Kindred Create loads its SDK before other add-ons; in stock FreeCAD the module does not exist and
SiloMod follows FreeCAD's own signals instead.
"""

#: Matches every context id in on_context_enter / on_context_exit.
ANY_CONTEXT = "*"


def sdk():
    """The kindred_sdk module when this FreeCAD is Kindred Create (and offers the context hooks), else None."""
    try:
        import kindred_sdk
    except ImportError:
        return None
    hooks = (getattr(kindred_sdk, "on_context_enter", None), getattr(kindred_sdk, "on_context_exit", None))
    return kindred_sdk if all(callable(h) for h in hooks) else None


class ContextHooks:
    """Calls ``on_change()`` after every context Kindred enters or leaves; ``current()`` is Kindred's
    context then, reported to the core with FreeCAD's facts (the core says what its id means).

    Kindred's callbacks run synchronously inside its resolver and cannot veto the change.
    """

    def __init__(self, module, on_change):
        self._module = module
        self._on_change = on_change
        self._active = True
        self._last = None
        module.on_context_enter(ANY_CONTEXT, self._entered)
        module.on_context_exit(ANY_CONTEXT, self._notify)

    def _entered(self, context=None, *_):
        self._last = context if isinstance(context, dict) else self._last
        self._notify()

    def _notify(self, *_context):
        if self._active:
            self._on_change()

    def current(self):
        """Kindred's current context as a dict (``kcsdk.current_context()``), else the last one a callback passed."""
        for module in (self._module, _kcsdk()):
            read = getattr(module, "current_context", None)
            if callable(read):
                return read()
        return self._last

    def close(self):
        # The SDK documents no way to unsubscribe: a closed hook stays registered but does nothing.
        self._active = False


def _kcsdk():
    try:
        import kcsdk
    except ImportError:
        return None
    return kcsdk
