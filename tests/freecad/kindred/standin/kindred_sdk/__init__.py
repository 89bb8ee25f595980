"""Stand-in for Kindred Create's add-on SDK (``kindred_sdk``): the editing-context hooks only.

As documented: on_context_enter(id, callback) and on_context_exit(id, callback), where "*" matches
every context, built on kcsdk.on_context_changed; the SDK remembers the previous context to tell
an exit from an entry; callbacks run synchronously and cannot veto the change.
"""

import kcsdk

ANY = "*"

_enter = []
_exit = []
_previous = None


def on_context_enter(context_id, callback):
    _hook()
    _enter.append((context_id, callback))


def on_context_exit(context_id, callback):
    _hook()
    _exit.append((context_id, callback))


def current_context():
    return kcsdk.current_context()


def _hook():
    global _previous
    if _previous is None:
        _previous = kcsdk.current_context()
        kcsdk.on_context_changed(_changed)


def _changed(context):
    global _previous
    old, _previous = _previous, context
    for context_id, callback in list(_exit):
        if context_id in (ANY, old["id"]):
            callback(old)
    for context_id, callback in list(_enter):
        if context_id in (ANY, context["id"]):
            callback(context)
