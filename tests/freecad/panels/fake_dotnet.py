"""The .NET types the workbench imports, as plain Python, for tests that run without .NET.

Each class has the name, namespace, field names and field order of its C# record or enum, so the
workbench's ``from SiloMod.Core.Sync import SyncStatus`` finds it here once ``install()`` put these
modules where pythonnet's would be. Only what the workbench uses is mirrored.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
import sys
import types
from dataclasses import dataclass, field, make_dataclass


class DateTimeOffset:
    """System.DateTimeOffset: the one member the workbench reads."""

    def __init__(self, iso: str):
        self._moment = _dt.datetime.fromisoformat(iso)

    def ToUnixTimeMilliseconds(self):  # noqa: N802 - .NET's names
        return int(self._moment.timestamp() * 1000)

    def __repr__(self):
        return self._moment.isoformat()


class String(str):
    pass


class _Dictionary(dict):
    pass


class _GenericDictionary:
    """``Dictionary[String, String]()`` as pythonnet spells a generic type."""

    def __getitem__(self, _types):
        return _Dictionary


class _Enum(enum.Enum):
    def __str__(self):  # pythonnet's str() of a .NET enum is its member name
        return self.name


class BridgeException(Exception):
    def __init__(self, type_, message):
        super().__init__(message)
        self.Type, self.Message = type_, message


def _record(name, fields, kind=None, **defaults):
    """A frozen dataclass with a C# record's name and positional fields (space-separated), and the
    signal ``Kind`` the record overrides; trailing optional parameters get their C# defaults."""
    spec = [(f, object, field(default=defaults[f])) if f in defaults else (f, object) for f in fields.split()]
    return make_dataclass(name, spec, frozen=True, namespace={"Kind": kind} if kind else {})


ConnectionState = _Enum("ConnectionState", "Offline Connected Reconnecting", start=0)
ConflictChoice = _Enum("ConflictChoice", "Overwrite Skip", start=0)
PushConflictChoice = _Enum("PushConflictChoice", "OverwriteTheirs KeepAsCopy DiscardMine", start=0)
TrackVerdict = _Enum("TrackVerdict", "Exists OfferCreate Refuse", start=0)

StartRequest = _record("StartRequest", "ServerUrl Token StateDir ProjectsDir Settings", Settings=None)
CoreIdentity = _record("CoreIdentity", "WorkstationId User")
Connection = _record("Connection", "Identity StartedNow")
SiloModSettings = _record("SiloModSettings", "EditLockingEnabled PushOnContextClose SubscriptionAutoSync "
                          "SubscriptionMaxDownloads SubscriptionSyncOnConnect SubscriptionNotify")
SyncStatus = _record("SyncStatus", "Pending Checkpoints Deferred Conflicts Connection LastSyncAt PushConflicts", PushConflicts=0)
PresenceEntry = _record("PresenceEntry", "SessionId User PartNumber ContextLevel ObjectId Since")
ItemSummary = _record("ItemSummary", "PartNumber Description Category Project LockedBy LockedSince", LockedBy=None, LockedSince=None)
DocumentFacts = _record("DocumentFacts", "Label FilePath Comment Meta", Label=None, FilePath=None, Comment=None, Meta=None)
ItemProposal = _record("ItemProposal", "PartNumber Category Project Description")
TrackCheck = _record("TrackCheck", "Verdict PartNumber Message Item Proposal", Item=None, Proposal=None)
Subscription = _record("Subscription", "Id WorkstationId Type Target RevisionPolicy PinnedRevision Paused CreatedAt LastSyncAt")
SubscriptionUpdate = _record("SubscriptionUpdate", "RevisionPolicy PinnedRevision Paused", RevisionPolicy=None, PinnedRevision=None, Paused=None)
ItemVersion = _record("ItemVersion", "Version Kind Id FileHash FileSize User Context Revision CreatedAt")

# SiloMod.Core.Activity: the rows the core words for the Activity pane.
ActivityLevel = _Enum("ActivityLevel", "Info Warning Error", start=0)
ActivityActionKind = _Enum("ActivityActionKind", "RequestHandoff ReleaseNow Defer Dismiss Open ViewInSilo Overwrite Skip "
                           "OverwriteTheirs KeepAsCopy DiscardMine", start=0)
ActivityChangeKind = _Enum("ActivityChangeKind", "Added Replaced Settled Removed Cleared Header", start=0)
ActivityHeader = _record("ActivityHeader", "Text Notice")
BlockedPrompt = _record("BlockedPrompt", "Text Informative CanRequestHandoff")
SearchRow = _record("SearchRow", "Target Columns")
ActivityChange = _record("ActivityChange", "Kind Row Header")


@dataclass(frozen=True)
class ActivityAction:
    Kind: object
    Label: str
    PartNumber: object = None
    SessionId: object = None
    ConflictId: object = None
    Path: object = None
    Outcome: object = None

    @property
    def Key(self):  # noqa: N802
        return re.sub(r"(?<!^)(?=[A-Z])", "_", self.Kind.name).lower()


@dataclass(frozen=True)
class ActivityRow:
    Kind: str
    Icon: str
    Title: str
    Details: tuple = ()
    Actions: tuple = ()
    Level: object = ActivityLevel.Info
    PartNumber: object = None
    MergeKey: object = None
    Subject: object = None
    Id: int = 0

    @property
    def Text(self):  # noqa: N802
        return f"{self.Icon} {self.Title}"


# SiloMod.Core.Signals: name, Kind, positional fields; trailing optional ones with their C# defaults.
_SIGNALS = (
    ("CheckpointPushed", "checkpoint_pushed", "PartNumber Context SubscribersNotified CheckpointId FileHash SourcePath Version Overwrote",
     {"SourcePath": None, "Version": None, "Overwrote": False}),
    ("PushConflict", "push_conflict", "PartNumber Context SourcePath CopyPath Head Message ConflictId", {}),
    ("PushConflictResolved", "push_conflict_resolved", "PartNumber Choice Message", {}),
    ("DocumentReplaced", "document_replaced", "PartNumber Path Version CopyPath", {}),
    ("CheckpointQueued", "checkpoint_queued", "PartNumber Context Reason", {}),
    ("FileSynced", "file_synced", "PartNumber Path Revision IsCheckpoint CheckpointUser CheckpointContext PreviousRevision",
     {"CheckpointUser": None, "CheckpointContext": None, "PreviousRevision": None}),
    ("FileDeferred", "file_deferred", "PartNumber Path TargetRevision IsCheckpoint", {}),
    ("FileConflict", "file_conflict", "PartNumber Path ConflictType", {}),
    ("BulkSyncComplete", "bulk_sync_complete", "Count Target", {}),
    ("SyncNowFinished", "sync_now_finished", "Pending Deferred Conflicts", {}),
    ("FileUntracked", "file_untracked", "PartNumber Path", {}),
    ("PresenceChanged", "presence_changed", "PartNumber", {}),
    ("SoftInterference", "soft_interference", "PartNumber User ObjectId SharedNodes", {}),
    ("HardInterferenceBlocked", "hard_interference_blocked",
     "PartNumber HolderUser ObjectId Since HolderSessionId HolderWorkstation", {}),
    ("OfflineEditing", "offline_editing", "PartNumber ObjectId Reason", {}),
    ("HandoffRequested", "handoff_requested", "PartNumber Requester Message SessionId ObjectId", {}),
    ("LeaveContextRequested", "leave_context_requested", "PartNumber ObjectId SessionId", {}),
    ("SessionEnded", "session_ended", "PartNumber SessionId User ObjectId Reason", {}),
    ("HandoffSent", "handoff_sent", "PartNumber SessionId HolderUser ObjectId", {}),
    ("SyncError", "sync_error", "PartNumber Message", {}),
    ("LeftoversRemoved", "leftovers_removed", "Files Downloads Bytes Message", {}),
)
SIGNALS = [_record(name, fields, kind, **defaults) for name, kind, fields, defaults in _SIGNALS]
globals().update((signal.__name__, signal) for signal in SIGNALS)


NAMESPACES = {
    "System": [DateTimeOffset, String],
    "System.Collections.Generic": [],
    "SiloMod.Bridge": [StartRequest, CoreIdentity, Connection, BridgeException],
    "SiloMod.Core.Settings": [SiloModSettings],
    "SiloMod.Core.Sync": [SyncStatus, ConflictChoice],
    "SiloMod.Core.Checkpoints": [PushConflictChoice],
    "SiloMod.Core.Host": [PresenceEntry, ItemSummary],
    "SiloMod.Core.Items": [DocumentFacts, ItemProposal, TrackCheck, TrackVerdict],
    "SiloMod.Core.Signals": SIGNALS,
    "SiloMod.Core.Activity": [ActivityLevel, ActivityActionKind, ActivityChangeKind, ActivityHeader, ActivityChange,
                              ActivityAction, ActivityRow],
    "Silo.Client.Events": [ConnectionState],
    "Silo.Protocol.Subscriptions": [Subscription, SubscriptionUpdate],
    "Silo.Protocol.Lineage": [ItemVersion],
}


def install():
    """Makes the namespaces importable; a process that loaded the real .NET keeps its own."""
    if "clr" in sys.modules:
        return
    for name, members in NAMESPACES.items():
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            sys.modules.setdefault(".".join(parts[:depth]), types.ModuleType(".".join(parts[:depth])))
        module = sys.modules[name]
        for member in members:
            setattr(module, member.__name__, member)
    sys.modules["System.Collections.Generic"].Dictionary = _GenericDictionary()


install()
