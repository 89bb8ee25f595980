"""The .NET types the workbench imports, as plain Python, for tests that run without .NET.

Each class has the name, namespace, field names and field order of its C# record or enum, so the
workbench's ``from SiloMod.Core.Sync import SyncStatus`` finds it here once ``install()`` put these
modules where pythonnet's would be. Only what the workbench uses is mirrored.
"""

from __future__ import annotations

import datetime as _dt
import enum
import sys
import types
from dataclasses import field, make_dataclass


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

CheckpointPushed = _record("CheckpointPushed", "PartNumber Context SubscribersNotified CheckpointId FileHash SourcePath Version Overwrote",
                           "checkpoint_pushed", SourcePath=None, Version=None, Overwrote=False)
PushConflict = _record("PushConflict", "PartNumber Context SourcePath CopyPath Head Message ConflictId", "push_conflict")
PushConflictResolved = _record("PushConflictResolved", "PartNumber Choice Message", "push_conflict_resolved")
DocumentReplaced = _record("DocumentReplaced", "PartNumber Path Version CopyPath", "document_replaced")
CheckpointQueued = _record("CheckpointQueued", "PartNumber Context Reason", "checkpoint_queued")
FileSynced = _record("FileSynced", "PartNumber Path Revision IsCheckpoint CheckpointUser CheckpointContext PreviousRevision",
                     "file_synced", CheckpointUser=None, CheckpointContext=None, PreviousRevision=None)
FileDeferred = _record("FileDeferred", "PartNumber Path TargetRevision IsCheckpoint", "file_deferred")
FileConflict = _record("FileConflict", "PartNumber Path ConflictType", "file_conflict")
BulkSyncComplete = _record("BulkSyncComplete", "Count Target", "bulk_sync_complete")
FileUntracked = _record("FileUntracked", "PartNumber Path", "file_untracked")
PresenceChanged = _record("PresenceChanged", "PartNumber", "presence_changed")
SoftInterference = _record("SoftInterference", "PartNumber User ObjectId SharedNodes", "soft_interference")
HardInterferenceBlocked = _record("HardInterferenceBlocked", "PartNumber HolderUser ObjectId Since HolderSessionId HolderWorkstation",
                                  "hard_interference_blocked")
OfflineEditing = _record("OfflineEditing", "PartNumber ObjectId Reason", "offline_editing")
HandoffRequested = _record("HandoffRequested", "PartNumber Requester Message SessionId ObjectId", "handoff_requested")
LeaveContextRequested = _record("LeaveContextRequested", "PartNumber ObjectId SessionId", "leave_context_requested")
SessionEnded = _record("SessionEnded", "PartNumber SessionId User ObjectId Reason", "session_ended")
HandoffSent = _record("HandoffSent", "PartNumber SessionId HolderUser ObjectId", "handoff_sent")
SyncError = _record("SyncError", "PartNumber Message", "sync_error")
LeftoversRemoved = _record("LeftoversRemoved", "Files Downloads Bytes Message", "leftovers_removed")


NAMESPACES = {
    "System": [DateTimeOffset, String],
    "System.Collections.Generic": [],
    "SiloMod.Bridge": [StartRequest, CoreIdentity, BridgeException],
    "SiloMod.Core.Settings": [SiloModSettings],
    "SiloMod.Core.Sync": [SyncStatus, ConflictChoice],
    "SiloMod.Core.Checkpoints": [PushConflictChoice],
    "SiloMod.Core.Host": [PresenceEntry, ItemSummary],
    "SiloMod.Core.Items": [DocumentFacts, ItemProposal, TrackCheck, TrackVerdict],
    "SiloMod.Core.Signals": [CheckpointPushed, PushConflict, PushConflictResolved, DocumentReplaced, CheckpointQueued,
                             FileSynced, FileDeferred, FileConflict, BulkSyncComplete, FileUntracked, PresenceChanged,
                             SoftInterference, HardInterferenceBlocked, OfflineEditing, HandoffRequested,
                             LeaveContextRequested, SessionEnded, HandoffSent, SyncError, LeftoversRemoved],
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
