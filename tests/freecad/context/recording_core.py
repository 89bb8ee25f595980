"""A test double of the core for the context-source scripts. The context engine is the real one
(SiloMod.Core's ContextEngine, loaded through pythonnet): only the gate behind it is a double, which
records every move the engine asks about (the core's own records, under the member's name) and
answers from a queue of decisions (allow, nothing to do, when the queue is empty). The decisions
themselves are the C# core's and are tested there; the facade's other calls are recorded."""

from freecad.silo_mod import runtime

runtime.core()  # loads .NET, so the core's types can be imported

import clr  # noqa: E402

clr.AddReference("SiloMod.Core")
clr.AddReference("Silo.Protocol")

from Silo.Protocol.EditSessions import EditSessionHolder  # noqa: E402
from SiloMod.Core.EditSessions import ContextEngine, IContextGate  # noqa: E402
from SiloMod.Core.Host import ContextDecision, EntryDecision, EntryVerdict, ExitAction, ExitDecision  # noqa: E402
from SiloMod.Core.Signals import LeaveContextRequested  # noqa: E402
from System import DateTimeOffset  # noqa: E402
from System.Threading import CancellationToken  # noqa: E402
from System.Threading.Tasks import Task  # noqa: E402

NO_CANCEL = getattr(CancellationToken, "None")


class RecordingGate(IContextGate):
    __namespace__ = "SiloMod.FreeCadTests"

    def __init__(self, core):
        super().__init__()
        self._core = core

    def ContextChangedAsync(self, change, ct):  # noqa: N802 - .NET's name
        self._core.calls.append(("ContextChanged", change))
        decision = self._core.decisions.pop(0) if self._core.decisions else ContextDecision(None, None)
        return Task.FromResult[ContextDecision](decision)

    def SubmitCheckpointAsync(self, submission, ct):  # noqa: N802
        self._core.calls.append(("SubmitCheckpoint", submission))
        return Task.CompletedTask


class RecordingFacade:
    """The facade's members the context source calls; context ones go to the real engine."""

    def __init__(self, core):
        self._core = core
        self._engine = ContextEngine(RecordingGate(core))
        self.Signals = None

    def ContextObserved(self, facts):  # noqa: N802
        self._core.calls.append(("ContextObserved", facts))
        return self._engine.ObserveAsync(facts, NO_CANCEL).GetAwaiter().GetResult()

    def CheckpointSaved(self, saved):  # noqa: N802
        self._engine.CheckpointSavedAsync(saved, NO_CANCEL).GetAwaiter().GetResult()

    def LeaveContext(self, document, object_id):  # noqa: N802
        return self._engine.Leave(document, object_id)

    def EnteredContexts(self, document):  # noqa: N802
        return self._engine.EnteredIn(document)

    def DocumentClosed(self, document):  # noqa: N802
        self._engine.Forget(document)

    def ReportOpenDocuments(self, paths, part_numbers):  # noqa: N802
        self._core.calls.append(("ReportOpenDocuments", (list(paths), list(part_numbers))))

    def RequestHandoff(self, part_number, session_id):  # noqa: N802
        self._core.calls.append(("RequestHandoff", (part_number, session_id)))

    def EditAnyway(self, part_number):  # noqa: N802
        self._core.calls.append(("EditAnyway", part_number))


class RecordingCore:
    started = True

    def __init__(self):
        self.calls = []
        self.decisions = []
        self.facade = RecordingFacade(self)
        self._slots = []

    def observe(self, stream, slot):
        self._slots.append(slot)
        return _Subscription()

    def emit(self, signal):
        for slot in self._slots:
            slot(signal)

    def leave_requested(self, part_number, object_id, session_id):
        """The core asks to leave a context (Release Now after a handoff request)."""
        self.emit(LeaveContextRequested(part_number, object_id, session_id))

    def of(self, member):
        """What each call of ``member`` passed, oldest first."""
        return [args for m, args in self.calls if m == member]

    def changes(self):
        """Each reported context change as ((old type, old object), (new type, new object))."""
        return [((c.Old.Type, c.Old.ObjectId), (c.New.Type, c.New.ObjectId)) for c in self.of("ContextChanged")]

    def kindred_ids(self):
        """The Kindred context id each report carried (None when it carried none), oldest first."""
        return [f.Kindred.Id if f.Kindred is not None else None for f in self.of("ContextObserved")]

    def on_started(self, hook):
        pass


class _Subscription:
    def Dispose(self):  # noqa: N802
        pass


def cone(context):
    """An EditingContext's dependency cone as a list (None when it has none)."""
    return list(context.DependencyCone) if context.DependencyCone is not None else None


def block(holder_user="bob", object_id="Sketch", session_id="s-bob"):
    """A decision that refuses the entry: someone else holds the object."""
    holder = EditSessionHolder(session_id, holder_user, "ws-" + holder_user, "sketch", object_id,
                               DateTimeOffset.Parse("2025-01-01T10:00:00+00:00"))
    entry = EntryDecision(EntryVerdict.Block, None, holder, None, f"{holder_user} is editing {object_id}", None)
    return ContextDecision(entry, None)


def checkpoint(context, session_id):
    """A decision that asks the host to save and push on the way out."""
    return ContextDecision(None, ExitDecision(ExitAction.Checkpoint, context, session_id))
