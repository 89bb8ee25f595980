"""A stand-in for runtime.core() in the panel tests: records calls, answers from canned data, and
lets a test push events as the .NET core would (`emit`)."""

from __future__ import annotations


class FakeCoreError(Exception):
    """Shaped like runtime.CoreError: a type and a readable message."""

    def __init__(self, type_, message):
        super().__init__(message)
        self.type = type_
        self.message = message


def _signals():
    from PySide import QtCore

    class Signals(QtCore.QObject):
        received = QtCore.Signal(dict)

    return Signals()


ITEMS = [
    {"part_number": "PRT-100", "description": "Mounting Bracket", "category": "Brackets", "project": "Rover",
     "locked_by": None, "locked_since": None},
    {"part_number": "PRT-101", "description": "Side Plate", "category": "Plates", "project": "Rover",
     "locked_by": None, "locked_since": None},
    {"part_number": "ASM-200", "description": "Motor Assembly", "category": "Assemblies", "project": "Drive",
     "locked_by": None, "locked_since": None},
    {"part_number": "PRT-102", "description": "Bearing Cap", "category": "Plates", "project": "Drive",
     "locked_by": "dave", "locked_since": "2026-02-16T09:30:00+00:00"},
]

PRESENCE = [
    {"session_id": "s-alice", "user": "alice", "part_number": "PRT-100", "context_level": "partdesign",
     "object_id": "Body", "since": "2026-02-16T14:00:00+00:00"},
    {"session_id": "s-bob", "user": "bob", "part_number": "ASM-200", "context_level": "sketch",
     "object_id": "Sketch004", "since": "2026-02-16T14:10:00+00:00"},
]

STATUS = {"pending": 2, "checkpoints": 1, "deferred": 1, "conflicts": 1, "connection": "connected",
          "last_sync_at": "2026-02-16T14:05:00+00:00"}

SUBSCRIPTIONS = [
    {"id": "sub-1", "workstation_id": "ws-1", "type": "item", "target": "PRT-100", "revision_policy": "latest",
     "pinned_revision": None, "paused": False, "created_at": "2026-02-16T10:00:00+00:00",
     "last_sync_at": "2026-02-16T14:05:00+00:00"},
    {"id": "sub-2", "workstation_id": "ws-1", "type": "project", "target": "Drive",
     "revision_policy": "latest_released", "pinned_revision": None, "paused": True,
     "created_at": "2026-02-16T10:00:00+00:00", "last_sync_at": None},
]


class FakeCore:
    def __init__(self, answers=None, with_signals=True):
        self.calls = []
        self.answers = {
            "status": dict(STATUS),
            "sync_now": dict(STATUS, pending=0),
            "presence": lambda part_number=None: [p for p in PRESENCE if part_number in (None, p["part_number"])],
            "search_items": lambda search=None: [i for i in ITEMS if not search or search.lower() in
                                                 (i["part_number"] + " " + i["description"]).lower()],
            "list_subscriptions": [dict(s) for s in SUBSCRIPTIONS],
            "subscribe": lambda **a: {"id": "sub-new", **a},
            "start": {"workstation_id": "ws-test", "user": "tester"},
            "lock_item": lambda part_number: {"part_number": part_number, "locked_by": "tester"},
        }
        self.answers.update(answers or {})
        self.signals = _signals() if with_signals else None

    def call(self, method, **args):
        self.calls.append((method, args))
        answer = self.answers.get(method)
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(**args)
        return answer

    def emit(self, event: dict):
        self.signals.received.emit(event)

    def calls_of(self, method):
        return [args for m, args in self.calls if m == method]
