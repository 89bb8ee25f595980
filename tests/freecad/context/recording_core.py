"""A test double of the core for the context-source scripts: records every call and answers
context_changed from a queue of decisions (allow, nothing to do, when the queue is empty). The
decisions themselves are the C# core's and are tested there."""


class FakeSignal:
    def __init__(self):
        self.slots = []

    def connect(self, slot):
        self.slots.append(slot)

    def emit(self, event):
        for slot in self.slots:
            slot(event)


class FakeSignals:
    def __init__(self):
        self.received = FakeSignal()


class RecordingCore:
    started = True

    def __init__(self):
        self.calls = []
        self.decisions = []
        self.signals = FakeSignals()

    def call(self, method, **args):
        self.calls.append((method, args))
        if method == "context_changed":
            return self.decisions.pop(0) if self.decisions else {"entry": None, "exit": None}
        return None

    def of(self, method):
        return [args for m, args in self.calls if m == method]

    def changes(self):
        """Each reported context change as ((old type, old object), (new type, new object))."""
        return [pair(args) for args in self.of("context_changed")]

    def on_started(self, hook):
        pass


def pair(args):
    return ((args["old"]["type"], args["old"]["object_id"]), (args["new"]["type"], args["new"]["object_id"]))


def block(holder_user="bob", object_id="Sketch", session_id="s-bob"):
    """A decision that refuses the entry: someone else holds the object."""
    holder = {"session_id": session_id, "user": holder_user, "workstation": "ws-" + holder_user, "context_level": "sketch",
              "object_id": object_id, "acquired_at": "2025-01-01T10:00:00+00:00"}
    return {"entry": {"verdict": "block", "session_id": None, "holder": holder, "conflicts": [],
                      "message": f"{holder_user} is editing {object_id}"}, "exit": None}


def checkpoint(context, session_id):
    """A decision that asks the host to save and push on the way out."""
    return {"entry": None, "exit": {"action": "checkpoint", "context": context, "session_id": session_id}}
