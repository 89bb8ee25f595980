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
    """Calls ``on_change()`` after every context Kindred enters or leaves.

    Kindred's callbacks run synchronously inside its resolver and cannot veto the change; what the
    context is comes from FreeCAD itself, so the id Kindred passes (a sketch's id is not even
    documented) only says that something changed.
    """

    def __init__(self, module, on_change):
        self._on_change = on_change
        self._active = True
        module.on_context_enter(ANY_CONTEXT, self._notify)
        module.on_context_exit(ANY_CONTEXT, self._notify)

    def _notify(self, *_context):
        if self._active:
            self._on_change()

    def close(self):
        # The SDK documents no way to unsubscribe: a closed hook stays registered but does nothing.
        self._active = False
