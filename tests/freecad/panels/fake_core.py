"""A stand-in for runtime.core() in tests without .NET: ``facade`` has the member names and answer
shapes of SiloMod.Bridge.WorkbenchFacade (records from fake_dotnet), records every call, answers
from canned data, and lets a test push values on its streams as the core would (``emit``)."""

from __future__ import annotations

import fake_dotnet as net

ITEMS = [
    net.ItemSummary("PRT-100", "Mounting Bracket", "Brackets", "Rover"),
    net.ItemSummary("PRT-101", "Side Plate", "Plates", "Rover"),
    net.ItemSummary("ASM-200", "Motor Assembly", "Assemblies", "Drive"),
    net.ItemSummary("PRT-102", "Bearing Cap", "Plates", "Drive", "dave", net.DateTimeOffset("2026-02-16T09:30:00+00:00")),
]

PRESENCE = [
    net.PresenceEntry("s-alice", "alice", "PRT-100", "partdesign", "Body", net.DateTimeOffset("2026-02-16T14:00:00+00:00")),
    net.PresenceEntry("s-bob", "bob", "ASM-200", "sketch", "Sketch004", net.DateTimeOffset("2026-02-16T14:10:00+00:00")),
]

STATUS = net.SyncStatus(2, 1, 1, 1, net.ConnectionState.Connected, net.DateTimeOffset("2026-02-16T14:05:00+00:00"))

# The Activity pane's header as the core words STATUS.
HEADER = net.ActivityHeader("🟢 Connected   2 pending · 1 checkpoint queued · 1 deferred · 1 conflict · last sync 14:05", "")

SUBSCRIPTIONS = [
    net.Subscription("sub-1", "ws-1", "item", "PRT-100", "latest", None, False,
                     net.DateTimeOffset("2026-02-16T10:00:00+00:00"), net.DateTimeOffset("2026-02-16T14:05:00+00:00")),
    net.Subscription("sub-2", "ws-1", "project", "Drive", "latest_released", None, True,
                     net.DateTimeOffset("2026-02-16T10:00:00+00:00"), None),
]


class FakeStream:
    """An IObservable of the facade; ``FakeCore.observe`` connects slots to it."""

    def __init__(self):
        self.slots = []

    def publish(self, value):
        for slot in list(self.slots):
            slot(value)


class _Subscription:
    def __init__(self, stream, slot):
        self._stream, self._slot = stream, slot

    def Dispose(self):  # noqa: N802 - .NET's name
        if self._slot in self._stream.slots:
            self._stream.slots.remove(self._slot)


# What the core's SearchRow.For answers for ITEMS and PRESENCE, canned by part number.
MARKERS = {"PRT-100": "🟢 (alice)", "ASM-200": "🟡 (bob)", "PRT-102": "🔒 (dave)"}


def _search_rows(kind, items, presence):
    if kind == "item":
        return [net.SearchRow(i.PartNumber, [i.PartNumber, i.Description, MARKERS.get(i.PartNumber, "")]) for i in items]
    targets = sorted({getattr(i, kind.capitalize()) for i in items})
    return [net.SearchRow(t, [t, "matching", ""]) for t in targets]


class FakeFacade:
    """WorkbenchFacade's members. ``answers[name]`` overrides one: a value, a function of the
    arguments, or an exception to raise."""

    def __init__(self, calls, answers):
        self._calls = calls
        self.answers = answers
        self.Signals = FakeStream()
        self.StatusChanges = FakeStream()
        self.ActivityChanges = FakeStream()
        self.IsStarted = False

    def _answer(self, name, *args):
        self._calls.append((name, args))
        answer = self.answers.get(name)
        if isinstance(answer, Exception):
            raise answer
        return answer(*args) if callable(answer) else answer

    def Connect(self, request, force=False):  # noqa: N802
        identity = self._answer("Connect", request, force)
        started_now = not self.IsStarted
        self.IsStarted = True
        return net.Connection(identity, started_now)

    def Stop(self):  # noqa: N802
        self._answer("Stop")
        self.IsStarted = False

    @property
    def Status(self):  # noqa: N802
        return self._answer("Status")

    @property
    def ActivityRows(self):  # noqa: N802
        return self._answer("ActivityRows")

    @property
    def ActivityHeader(self):  # noqa: N802
        return self._answer("ActivityHeader")

    def PerformActivity(self, row_id, kind):  # noqa: N802
        return self._answer("PerformActivity", row_id, kind)

    def ClearActivity(self):  # noqa: N802
        return self._answer("ClearActivity")

    def ConnectionText(self, status):  # noqa: N802
        return self._answer("ConnectionText", status)

    def LastSyncText(self, status):  # noqa: N802
        return self._answer("LastSyncText", status)

    def PresenceText(self, part_number, entries):  # noqa: N802
        return self._answer("PresenceText", part_number, entries)

    @property
    def Settings(self):  # noqa: N802
        return self._answer("Settings")

    def UpdateSettings(self, settings):  # noqa: N802
        return self._answer("UpdateSettings", settings)

    def SyncNow(self):  # noqa: N802
        """Starts a sync and returns nothing, as the facade does: a test emits its progress and end."""
        return self._answer("SyncNow")

    def ResolveConflict(self, part_number, choice):  # noqa: N802
        return self._answer("ResolveConflict", part_number, choice)

    def ResolvePushConflict(self, part_number, choice, conflict_id=None):  # noqa: N802
        return self._answer("ResolvePushConflict", part_number, choice, conflict_id)

    def PushConflicts(self):  # noqa: N802
        return self._answer("PushConflicts")

    def RequestHandoff(self, part_number, session_id, message=None):  # noqa: N802
        return self._answer("RequestHandoff", part_number, session_id, message)

    def ReleaseNow(self, session_id):  # noqa: N802
        return self._answer("ReleaseNow", session_id)

    def Presence(self, part_number=None):  # noqa: N802
        return self._answer("Presence", part_number)

    def SearchPresence(self, items):  # noqa: N802
        return self._answer("SearchPresence", items)

    def ListSubscriptions(self):  # noqa: N802
        return self._answer("ListSubscriptions")

    def Subscribe(self, type_, target, revision_policy, pinned_revision=None):  # noqa: N802
        return self._answer("Subscribe", type_, target, revision_policy, pinned_revision)

    def UpdateSubscription(self, subscription_id, update):  # noqa: N802
        return self._answer("UpdateSubscription", subscription_id, update)

    def Unsubscribe(self, subscription_id):  # noqa: N802
        return self._answer("Unsubscribe", subscription_id)

    def CheckTrack(self, part_number, document=None):  # noqa: N802
        return self._answer("CheckTrack", part_number, document)

    def CreateItem(self, proposal):  # noqa: N802
        return self._answer("CreateItem", proposal)

    def ClockText(self, at):  # noqa: N802
        return self._answer("ClockText", at)

    def BlockedPrompt(self, blocked):  # noqa: N802
        return self._answer("BlockedPrompt", blocked)

    def SearchRows(self, kind, items, presence):  # noqa: N802
        return self._answer("SearchRows", kind, items, presence)

    def SearchItems(self, search=None):  # noqa: N802
        return self._answer("SearchItems", search)

    def LockItem(self, part_number):  # noqa: N802
        return self._answer("LockItem", part_number)

    def UnlockItem(self, part_number):  # noqa: N802
        return self._answer("UnlockItem", part_number)


class FakeCore:
    """runtime.Core's surface: ``facade``, ``observe``, ``started`` and ``connect``."""

    def __init__(self, answers=None):
        self.calls = []
        canned = {
            "Status": STATUS,
            "PushConflicts": [],
            "ActivityRows": [],
            "ActivityHeader": HEADER,
            # The core words these; the fake answers canned text that shows which value it was given.
            "ConnectionText": lambda status: f"● {status.Connection}",
            "LastSyncText": lambda status: "never" if status.LastSyncAt is None else "14:05",
            "PresenceText": lambda part_number, entries: f"{part_number}: {len(entries)} editing",
            "ClockText": lambda at: "14:05",
            "BlockedPrompt": lambda blocked: net.BlockedPrompt(f"{blocked.Holder.User} holds {blocked.ObjectId}", "",
                                                              bool(blocked.Holder.SessionId)),
            "SearchRows": _search_rows,
            "Presence": lambda part_number=None: [p for p in PRESENCE if part_number in (None, p.PartNumber)],
            "SearchPresence": lambda items: [p for p in PRESENCE if p.PartNumber in {i.PartNumber for i in items}],
            "SearchItems": lambda search=None: [i for i in ITEMS if not search or search.lower() in
                                                (i.PartNumber + " " + i.Description).lower()],
            "ListSubscriptions": list(SUBSCRIPTIONS),
            "Subscribe": lambda type_, target, policy, pinned: net.Subscription(
                "sub-new", "ws-test", type_, target, policy, pinned, False, STATUS.LastSyncAt, None),
            "Connect": net.CoreIdentity("ws-test", "tester"),
            "LockItem": lambda part_number: net.ItemSummary(part_number, "", "", "", "tester"),
            "UnlockItem": lambda part_number: net.ItemSummary(part_number, "", "", ""),
        }
        canned.update(answers or {})
        self.facade = FakeFacade(self.calls, canned)

    @property
    def answers(self):
        return self.facade.answers

    @property
    def started(self):
        return self.facade.IsStarted

    def connect(self, request, force=False):
        return self.facade.Connect(request, force).Identity

    def observe(self, stream, slot):
        stream.slots.append(slot)
        return _Subscription(stream, slot)

    def emit(self, signal):
        """A signal as the core raises it."""
        self.facade.Signals.publish(signal)

    def emit_status(self, status):
        self.facade.StatusChanges.publish(status)

    def emit_activity(self, kind, row=None, header=HEADER):
        """A change of the core's activity feed (an ActivityChangeKind member name)."""
        self.facade.ActivityChanges.publish(net.ActivityChange(net.ActivityChangeKind[kind], row, header))

    def calls_of(self, name):
        """The arguments of every call of the facade's member ``name``, oldest first."""
        return [args for member, args in self.calls if member == name]
