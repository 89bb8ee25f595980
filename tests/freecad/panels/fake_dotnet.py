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
from dataclasses import dataclass, field
from typing import ClassVar, Optional


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


# -- SiloMod.Bridge

@dataclass(frozen=True)
class StartRequest:
    ServerUrl: str
    Token: str
    StateDir: str
    ProjectsDir: str
    Settings: object = None


@dataclass(frozen=True)
class CoreIdentity:
    WorkstationId: str
    User: str


# -- SiloMod.Core.*

@dataclass(frozen=True)
class SiloModSettings:
    EditLockingEnabled: bool
    PushOnContextClose: bool
    SubscriptionAutoSync: bool
    SubscriptionMaxDownloads: int
    SubscriptionSyncOnConnect: bool
    SubscriptionNotify: bool


class ConnectionState(_Enum):
    Offline = 0
    Connected = 1
    Reconnecting = 2


@dataclass(frozen=True)
class SyncStatus:
    Pending: int
    Checkpoints: int
    Deferred: int
    Conflicts: int
    Connection: ConnectionState
    LastSyncAt: Optional[DateTimeOffset]
    PushConflicts: int = 0


class ConflictChoice(_Enum):
    Overwrite = 0
    Skip = 1


class PushConflictChoice(_Enum):
    OverwriteTheirs = 0
    KeepAsCopy = 1
    DiscardMine = 2


@dataclass(frozen=True)
class PresenceEntry:
    SessionId: str
    User: str
    PartNumber: str
    ContextLevel: str
    ObjectId: str
    Since: DateTimeOffset


@dataclass(frozen=True)
class ItemSummary:
    PartNumber: str
    Description: str
    Category: str
    Project: str
    LockedBy: Optional[str] = None
    LockedSince: Optional[DateTimeOffset] = None


@dataclass(frozen=True)
class DocumentFacts:
    Label: Optional[str] = None
    FilePath: Optional[str] = None
    Comment: Optional[str] = None
    Meta: Optional[dict] = None


@dataclass(frozen=True)
class ItemProposal:
    PartNumber: str
    Category: str
    Project: str
    Description: str


class TrackVerdict(_Enum):
    Exists = 0
    OfferCreate = 1
    Refuse = 2


@dataclass(frozen=True)
class TrackCheck:
    Verdict: TrackVerdict
    PartNumber: str
    Message: str
    Item: Optional[ItemSummary] = None
    Proposal: Optional[ItemProposal] = None


# -- Silo.Protocol.*

@dataclass(frozen=True)
class Subscription:
    Id: str
    WorkstationId: str
    Type: str
    Target: str
    RevisionPolicy: str
    PinnedRevision: Optional[int]
    Paused: bool
    CreatedAt: DateTimeOffset
    LastSyncAt: Optional[DateTimeOffset]


@dataclass(frozen=True)
class SubscriptionUpdate:
    RevisionPolicy: Optional[str] = None
    PinnedRevision: Optional[int] = None
    Paused: Optional[bool] = None


@dataclass(frozen=True)
class ItemVersion:
    Version: int
    Kind: str
    Id: str
    FileHash: str
    FileSize: int
    User: str
    Context: Optional[str]
    Revision: Optional[int]
    CreatedAt: DateTimeOffset


# -- SiloMod.Core.Signals: Kind as the C# records override it

@dataclass(frozen=True)
class CheckpointPushed:
    Kind: ClassVar[str] = "checkpoint_pushed"
    PartNumber: str
    Context: str
    SubscribersNotified: int
    CheckpointId: str
    FileHash: str
    SourcePath: Optional[str] = None
    Version: Optional[int] = None
    Overwrote: bool = False


@dataclass(frozen=True)
class PushConflict:
    Kind: ClassVar[str] = "push_conflict"
    PartNumber: str
    Context: str
    SourcePath: str
    CopyPath: Optional[str]
    Head: Optional[ItemVersion]
    Message: str
    ConflictId: str


@dataclass(frozen=True)
class PushConflictResolved:
    Kind: ClassVar[str] = "push_conflict_resolved"
    PartNumber: str
    Choice: str
    Message: str


@dataclass(frozen=True)
class DocumentReplaced:
    Kind: ClassVar[str] = "document_replaced"
    PartNumber: str
    Path: str
    Version: str
    CopyPath: Optional[str]


@dataclass(frozen=True)
class CheckpointQueued:
    Kind: ClassVar[str] = "checkpoint_queued"
    PartNumber: str
    Context: str
    Reason: str


@dataclass(frozen=True)
class FileSynced:
    Kind: ClassVar[str] = "file_synced"
    PartNumber: str
    Path: str
    Revision: Optional[int]
    IsCheckpoint: bool
    CheckpointUser: Optional[str] = None
    CheckpointContext: Optional[str] = None
    PreviousRevision: Optional[int] = None


@dataclass(frozen=True)
class FileDeferred:
    Kind: ClassVar[str] = "file_deferred"
    PartNumber: str
    Path: str
    TargetRevision: Optional[int]
    IsCheckpoint: bool


@dataclass(frozen=True)
class FileConflict:
    Kind: ClassVar[str] = "file_conflict"
    PartNumber: str
    Path: str
    ConflictType: str


@dataclass(frozen=True)
class BulkSyncComplete:
    Kind: ClassVar[str] = "bulk_sync_complete"
    Count: int
    Target: str


@dataclass(frozen=True)
class FileUntracked:
    Kind: ClassVar[str] = "file_untracked"
    PartNumber: str
    Path: str


@dataclass(frozen=True)
class PresenceChanged:
    Kind: ClassVar[str] = "presence_changed"
    PartNumber: str


@dataclass(frozen=True)
class SoftInterference:
    Kind: ClassVar[str] = "soft_interference"
    PartNumber: str
    User: str
    ObjectId: str
    SharedNodes: list = field(default_factory=list)


@dataclass(frozen=True)
class HardInterferenceBlocked:
    Kind: ClassVar[str] = "hard_interference_blocked"
    PartNumber: str
    HolderUser: str
    ObjectId: str
    Since: DateTimeOffset
    HolderSessionId: Optional[str]
    HolderWorkstation: Optional[str]


@dataclass(frozen=True)
class OfflineEditing:
    Kind: ClassVar[str] = "offline_editing"
    PartNumber: str
    ObjectId: str
    Reason: str


@dataclass(frozen=True)
class HandoffRequested:
    Kind: ClassVar[str] = "handoff_requested"
    PartNumber: str
    Requester: str
    Message: Optional[str]
    SessionId: str
    ObjectId: str


@dataclass(frozen=True)
class LeaveContextRequested:
    Kind: ClassVar[str] = "leave_context_requested"
    PartNumber: str
    ObjectId: str
    SessionId: str


@dataclass(frozen=True)
class SessionEnded:
    Kind: ClassVar[str] = "session_ended"
    PartNumber: str
    SessionId: str
    User: Optional[str]
    ObjectId: Optional[str]
    Reason: str


@dataclass(frozen=True)
class HandoffSent:
    Kind: ClassVar[str] = "handoff_sent"
    PartNumber: str
    SessionId: str
    HolderUser: str
    ObjectId: Optional[str]


@dataclass(frozen=True)
class SyncError:
    Kind: ClassVar[str] = "sync_error"
    PartNumber: Optional[str]
    Message: str


@dataclass(frozen=True)
class LeftoversRemoved:
    Kind: ClassVar[str] = "leftovers_removed"
    Files: int
    Downloads: int
    Bytes: int
    Message: str


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
