"""A test double of the core for the context-source scripts. The context engine and its follower are
the real ones (SiloMod.Core's ContextEngine and ContextFollower, loaded through pythonnet): only the
gate behind them and the core's actions are doubles; the gate
records every move the engine asks about (the core's own records, under the member's name) and
answers from a queue of decisions (allow, nothing to do, when the queue is empty). The decisions
themselves are the C# core's and are tested there; the facade's other calls are recorded."""

from freecad.silo_mod import runtime

runtime.core()  # loads .NET, so the core's types can be imported

import clr  # noqa: E402

clr.AddReference("SiloMod.Core")
clr.AddReference("Silo.Protocol")

from Silo.Protocol.EditSessions import EditSessionHolder  # noqa: E402
from SiloMod.Core.EditSessions import ContextEngine, ContextFollower, IContextActions, IContextGate  # noqa: E402
from SiloMod.Core.Host import ContextDecision, EntryDecision, EntryVerdict, ExitAction, ExitDecision  # noqa: E402
from SiloMod.Core.Signals import LeaveContextRequested  # noqa: E402
from System import DateTimeOffset  # noqa: E402
from System.Threading import CancellationToken  # noqa: E402
from System.Threading.Tasks import Task  # noqa: E402

NO_CANCEL = getattr(CancellationToken, "None")
#: How long the core lets FreeCAD settle after it left an assembly's edit mode.
SETTLE_MS = ContextFollower.AssemblySettleMilliseconds


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


class RecordingActions(IContextActions):
    __namespace__ = "SiloMod.FreeCadTests"

    def __init__(self, core):
        super().__init__()
        self._core = core

    def EditAnyway(self, part_number):  # noqa: N802 - .NET's name
        self._core.calls.append(("EditAnyway", part_number))

    def UpdateDocument(self, part_number, file_path):  # noqa: N802
        self._core.calls.append(("UpdateDocument", (part_number, file_path)))
        raise RuntimeError("not in these scripts")

    def RequestHandoff(self, part_number, session_id):  # noqa: N802
        self._core.calls.append(("RequestHandoff", (part_number, session_id)))


class RecordingFacade:
    """The facade's members the context source calls; context ones go to the real engine and follower."""

    def __init__(self, core):
        self._core = core
        self._engine = ContextEngine(RecordingGate(core))
        self._follower = ContextFollower(self._engine, RecordingActions(core), NO_CANCEL)
        self._host = None
        self.Signals = None

    def AttachContextHost(self, host, follows_kindred):  # noqa: N802
        self._host = host
        self._follower.Attach(host, follows_kindred)

    def FollowContext(self, document):  # noqa: N802
        # What the host reports as the core starts following: Kindred's context id included.
        self._core.calls.append(("Reported", self._host.Read(document)))
        self._follower.Follow(document)

    def ContextPolled(self, document):  # noqa: N802
        self._follower.Polled(document)

    def DocumentSettled(self, document):  # noqa: N802
        self._follower.NoteClean(document)

    def ContextSignal(self, signal):  # noqa: N802
        self._follower.OnSignal(signal)

    def EnteredContexts(self, document):  # noqa: N802
        return self._engine.EnteredIn(document)

    def DocumentClosed(self, document):  # noqa: N802
        self._follower.Forget(document)

    def ReportOpenDocuments(self, paths, part_numbers):  # noqa: N802
        self._core.calls.append(("ReportOpenDocuments", (list(paths), list(part_numbers))))


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
        return [f.Kindred.Id if f is not None and f.Kindred is not None else None for f in self.of("Reported")]

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
