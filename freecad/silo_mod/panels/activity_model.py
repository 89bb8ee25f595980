"""What the Activity pane shows, computed from the core's signals and sync status.

Pure Python on purpose (no FreeCAD, no Qt): the texts, icons and actions of every event kind are
checked by plain unit tests, and the Qt pane only lays the rows out and wires the buttons.
Nothing here decides anything about syncing or locking: the core has decided already, this module
only words the outcome.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field, replace
from typing import Iterable, Optional

# Action keys: the pane maps each key to one core call or local effect.
REQUEST_HANDOFF = "request_handoff"
RELEASE_NOW = "release_now"
DEFER = "defer"
DISMISS = "dismiss"
OPEN = "open"
VIEW_IN_SILO = "view_in_silo"
OVERWRITE = "overwrite"
SKIP = "skip"
# A refused push: the core's three ways to settle it (PushConflictChoice).
OVERWRITE_THEIRS = "overwrite_theirs"
KEEP_AS_COPY = "keep_as_copy"
DISCARD_MINE = "discard_mine"
PUSH_CONFLICT_CHOICES = (OVERWRITE_THEIRS, KEEP_AS_COPY, DISCARD_MINE)

INFO = "info"
WARNING = "warning"
ERROR = "error"

DEFAULT_CAP = 200

# Kinds that settle the cards about their subject (a session ended, a handoff request went out),
# never add a row: a card must not keep offering what can no longer be done.
SETTLING_KINDS = ("session_ended", "handoff_sent")

# By ConnectionState's member names.
CONNECTION_TEXT = {
    "Connected": ("🟢", "Connected"),
    "Reconnecting": ("🟡", "Reconnecting…"),
    "Offline": ("🔴", "Offline"),
}

# What a checkpoint context closed, as a user would say it ("alice finished editing Body").
_CONTEXT_NOUN = {
    "body_close": "Body",
    "sketch_close": "Sketch",
    "assembly_close": "Assembly",
    "manual": "(manual checkpoint)",
}

_MAX_SHARED_SHOWN = 5


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    # What the pane needs to perform it (part number, session id, path, ...).
    params: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Row:
    kind: str
    icon: str
    title: str
    details: tuple = ()
    actions: tuple = ()
    level: str = INFO
    part_number: Optional[str] = None
    # Rows with the same non-empty merge key replace each other instead of piling up.
    merge_key: Optional[str] = None
    # Set by ActivityLog; unique per row for the life of the log.
    row_id: int = 0
    # The edit session the card is about: when it ends (or a handoff for it is sent) the card settles.
    subject: Optional[str] = None

    @property
    def text(self) -> str:
        """Title line with its icon, as shown."""
        return f"{self.icon} {self.title}"

    def action(self, key: str) -> Optional[Action]:
        return next((a for a in self.actions if a.key == key), None)


# ---------------------------------------------------------------------------------------------
# Small formatting helpers


def local_time(value) -> Optional[_dt.datetime]:
    """A .NET DateTimeOffset (or null) as an aware datetime: the one place a .NET time becomes Python's."""
    if value is None:
        return None
    return _dt.datetime.fromtimestamp(value.ToUnixTimeMilliseconds() / 1000, _dt.timezone.utc)


def format_hm(value, tz: Optional[_dt.tzinfo] = None) -> str:
    """A DateTimeOffset as HH:MM in the user's local time (or tz); "?" for none."""
    moment = local_time(value)
    return moment.astimezone(tz).strftime("%H:%M") if moment is not None else "?"


def _plural(count: int, one: str, many: Optional[str] = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _name(path) -> str:
    return os.path.basename(str(path)) if path else "the file"


def _rev(value) -> str:
    return f"rev {value}"


def _shared(nodes: Iterable) -> str:
    nodes = [str(n) for n in (nodes or [])]
    shown = ", ".join(nodes[:_MAX_SHARED_SHOWN])
    rest = len(nodes) - _MAX_SHARED_SHOWN
    return shown + (f" and {rest} more" if rest > 0 else "")


# ---------------------------------------------------------------------------------------------
# One renderer per kind: each takes the core's signal record (SiloMod.Core.Signals)


def _checkpoint_pushed(e, tz) -> Row:
    pn = e.PartNumber
    details = ()
    if e.Overwrote:
        details = ("Your version replaced the newer one, which stays on the server.",)
    return Row(
        "checkpoint_pushed", "⬆",
        f"Checkpoint: {pn} ({e.Context}) — {_plural(e.SubscribersNotified, 'subscriber')} notified",
        details, part_number=pn,
        # Pushing over a refused version settles its card.
        merge_key=f"push_conflict:{pn}" if e.Overwrote else None)


def _push_conflict(e, tz) -> Row:
    pn = e.PartNumber
    who = (e.Head.User if e.Head is not None else None) or "someone else"
    details = [e.Message] if e.Message else []
    details.append("Overwrite theirs pushes yours over it (theirs stays on the server); Keep as a copy and "
                   "Discard mine bring your document to the newer version.")
    params = {"part_number": pn, "conflict_id": e.ConflictId}
    return Row(
        "push_conflict", "⛔", f"Not pushed: {pn} — {who} has a newer version",
        tuple(details),
        tuple(Action(key, label, params) for key, label in (
            (OVERWRITE_THEIRS, "Overwrite theirs"), (KEEP_AS_COPY, "Keep as a copy"), (DISCARD_MINE, "Discard mine"))),
        level=ERROR, part_number=pn, merge_key=f"push_conflict:{pn}")


def _push_conflict_resolved(e, tz) -> Row:
    pn = e.PartNumber
    return Row("push_conflict_resolved", "✔", f"Settled: {pn}", (e.Message or "",),
               part_number=pn, merge_key=f"push_conflict:{pn}")


def _document_replaced(e, tz) -> Row:
    details = [f"{_name(e.Path)} now holds {e.Version or 'the newest version'}."]
    if e.CopyPath:
        details.append(f"What only your file had is kept as {_name(e.CopyPath)}.")
    return Row("document_replaced", "⬇", f"Updated: {e.PartNumber}", tuple(details), _open_actions(e), part_number=e.PartNumber)


def _checkpoint_queued(e, tz) -> Row:
    details = []
    if e.Reason:
        details.append(e.Reason)
    details.append("It is pushed automatically when the server can be reached again.")
    return Row(
        "checkpoint_queued", "⏳", f"Checkpoint queued (offline): {e.PartNumber} ({e.Context})",
        tuple(details), level=WARNING, part_number=e.PartNumber)


def _open_actions(e) -> tuple:
    actions = []
    if e.Path:
        actions.append(Action(OPEN, "Open", {"path": e.Path}))
    if e.PartNumber:
        actions.append(Action(VIEW_IN_SILO, "View in Silo →", {"part_number": e.PartNumber}))
    return tuple(actions)


def _file_synced(e, tz) -> Row:
    pn = e.PartNumber
    if e.IsCheckpoint:
        user = e.CheckpointUser
        context = e.CheckpointContext
        noun = _CONTEXT_NOUN.get(context, context)
        if user and context == "manual":
            what = f"{user} saved a manual checkpoint"
        elif user and noun:
            what = f"{user} finished editing {noun}"
        elif user:
            what = f"new checkpoint from {user}"
        else:
            what = "new working checkpoint"
        return Row("file_synced", "⬇", f"Updated: {pn} — {what}",
                   ("Working checkpoint (not a formal revision)",), _open_actions(e), part_number=pn)
    revision, previous = e.Revision, e.PreviousRevision
    if revision is None:
        change = ""
    elif previous is not None and previous != revision:
        change = f" {_rev(previous)} → {_rev(revision)}"
    else:
        change = f" {_rev(revision)}"
    return Row("file_synced", "⬇", f"Synced: {pn}{change}", (), _open_actions(e), part_number=pn)


def _file_deferred(e, tz) -> Row:
    if e.IsCheckpoint:
        what = "working checkpoint"
    elif e.TargetRevision is not None:
        what = _rev(e.TargetRevision)
    else:
        what = "update"
    return Row(
        "file_deferred", "⏸", f"Deferred: {e.PartNumber} {what} — waiting for you to close {_name(e.Path)}",
        ("The download starts as soon as the file is closed in FreeCAD.",), part_number=e.PartNumber)


def _file_conflict(e, tz) -> Row:
    pn = e.PartNumber
    reason = {
        "local_modified": "your local file changed since the last sync",
        "older_version": "your copy is a newer version than the one your subscription asks for",
    }.get(e.ConflictType, str(e.ConflictType or "conflict").replace("_", " "))
    params = {"part_number": pn}
    return Row(
        "file_conflict", "⚠", f"Conflict: {pn} — a newer version is on the server",
        (f"{_name(e.Path)}: {reason}.", "Overwrite replaces your local changes; Skip keeps them."),
        (Action(OVERWRITE, "Overwrite", params), Action(SKIP, "Skip", params)),
        level=WARNING, part_number=pn)


def _bulk_sync_complete(e, tz) -> Row:
    label = "all subscriptions" if e.Target == "all" else e.Target
    return Row("bulk_sync_complete", "⬇", f"Synced {_plural(e.Count, 'file')} ({label})")


def _sync_now_finished(e, tz) -> Row:
    waiting = [text for count, text in ((e.Deferred, _plural(e.Deferred, "download") + " waiting for the file to be closed"),
                                        (e.Conflicts, _plural(e.Conflicts, "conflict") + " to resolve"),
                                        (e.Pending, _plural(e.Pending, "download") + " to retry")) if count]
    return Row("sync_now_finished", "⟳", "Sync Now finished" + ("" if waiting else ": everything is up to date"), tuple(waiting))


def _file_untracked(e, tz) -> Row:
    details = ("Subscription removed; the file stays where it is" + (f": {e.Path}" if e.Path else "."),)
    return Row("file_untracked", "⊘", f"No longer tracked: {e.PartNumber}", details, part_number=e.PartNumber)


def _presence_changed(e, tz) -> Row:
    pn = e.PartNumber
    return Row("presence_changed", "👥", f"Presence changed: {pn}", part_number=pn, merge_key=f"presence:{pn}")


def _soft_interference(e, tz) -> Row:
    nodes = list(e.SharedNodes or ())
    details = (f"Shares downstream: {_shared(nodes)}",) if nodes else ()
    return Row("soft_interference", "⚠", f"{e.User or 'Someone'} is editing {e.ObjectId} on {e.PartNumber}",
               details, level=WARNING, part_number=e.PartNumber)


def _hard_interference_blocked(e, tz) -> Row:
    pn = e.PartNumber
    user = e.HolderUser or "Someone"
    since = format_hm(e.Since, tz)
    where = f" on {e.HolderWorkstation}" if e.HolderWorkstation else ""
    session = e.HolderSessionId
    if session:
        detail = f"{user} is editing{where} (since {since})"
        actions = (Action(REQUEST_HANDOFF, "Request Handoff", {"part_number": pn, "session_id": session, "holder": user}),)
    else:
        # No session to ask for: the item is checked out, and only its owner can unlock it.
        detail = f"{user} has {pn} checked out (since {since})"
        actions = ()
    return Row("hard_interference_blocked", "🔒", f"Blocked: cannot edit {e.ObjectId} on {pn}",
               (detail,), actions, level=ERROR, part_number=pn, subject=session)


def _offline_editing(e, tz) -> Row:
    details = [e.Reason] if e.Reason else []
    details.append("Nobody was asked for a lock; your checkpoint is pushed once the server is back.")
    return Row("offline_editing", "📴", f"Offline editing: {e.ObjectId} on {e.PartNumber}",
               tuple(details), level=WARNING, part_number=e.PartNumber)


def _handoff_requested(e, tz) -> Row:
    pn = e.PartNumber
    details = (f"\"{e.Message}\"",) if e.Message else ()
    return Row(
        "handoff_requested", "🔔", f"{e.Requester or 'Someone'} requests {e.ObjectId} on {pn}",
        details,
        (Action(RELEASE_NOW, "Release Now", {"session_id": e.SessionId, "part_number": pn}),
         Action(DEFER, "Defer", {}),
         Action(DISMISS, "Dismiss", {})),
        level=WARNING, part_number=pn, subject=e.SessionId)


def _leave_context_requested(e, tz) -> Row:
    return Row("leave_context_requested", "↩", f"Releasing {e.ObjectId} on {e.PartNumber}",
               ("Leaving the editing context; a checkpoint is pushed if the document changed.",),
               part_number=e.PartNumber)


def _sync_error(e, tz) -> Row:
    prefix = f"{e.PartNumber} — " if e.PartNumber else ""
    return Row("sync_error", "❌", f"Sync error: {prefix}{e.Message or 'unknown error'}",
               level=ERROR, part_number=e.PartNumber)


def _size(count_bytes) -> str:
    mb = count_bytes / (1024 * 1024)
    return f"{mb:.1f} MB" if mb >= 1 else f"{count_bytes // 1024} KB"


def _leftovers_removed(e, tz) -> Row:
    # The core's start-up sweep of what a killed run left half-written: information, nothing to do.
    details = (e.Message,) if e.Message else ()
    return Row("leftovers_removed", "🧹",
               f"Cleaned up {_plural(e.Files, 'unfinished file')} ({_size(e.Bytes)}) from an interrupted session",
               details)


def _unknown(e, tz) -> Row:
    # A kind newer than this workbench: still visible (the record's own text), never dropped silently.
    return Row(str(e.Kind), "•", f"Event: {e.Kind}", (str(e),))


RENDERERS = {
    "checkpoint_pushed": _checkpoint_pushed,
    "checkpoint_queued": _checkpoint_queued,
    "push_conflict": _push_conflict,
    "push_conflict_resolved": _push_conflict_resolved,
    "document_replaced": _document_replaced,
    "file_synced": _file_synced,
    "file_deferred": _file_deferred,
    "file_conflict": _file_conflict,
    "bulk_sync_complete": _bulk_sync_complete,
    "sync_now_finished": _sync_now_finished,
    "file_untracked": _file_untracked,
    "presence_changed": _presence_changed,
    "soft_interference": _soft_interference,
    "hard_interference_blocked": _hard_interference_blocked,
    "offline_editing": _offline_editing,
    "handoff_requested": _handoff_requested,
    "leave_context_requested": _leave_context_requested,
    "sync_error": _sync_error,
    "leftovers_removed": _leftovers_removed,
}


def render(signal, tz: Optional[_dt.tzinfo] = None) -> Optional[Row]:
    """The row for one signal, or None for kinds that only settle other rows."""
    if signal.Kind in SETTLING_KINDS:
        return None
    return RENDERERS.get(signal.Kind, _unknown)(signal, tz)


def settled_outcome(row: Row, signal, tz: Optional[_dt.tzinfo] = None) -> Optional[str]:
    """The line a card gets when ``signal`` (a settling kind) ends its subject; None when it is not about this card.

    Only the wording is decided here: the core says that the session ended or that the request was sent.
    """
    if not signal.SessionId or row.subject != signal.SessionId:
        return None
    obj = signal.ObjectId or "the object"
    if signal.Kind == "handoff_sent" and row.kind == "hard_interference_blocked":
        return f"Handoff requested from {signal.HolderUser or 'the other user'} — you are told when they release it."
    if signal.Kind != "session_ended":
        return None
    user = signal.User or "The other user"
    if row.kind == "hard_interference_blocked":
        return f"{user} finished editing {obj}: you can edit it now."
    if row.kind == "handoff_requested":
        return f"The request is settled: your session on {obj} ended."
    return f"The session on {obj} ended."


def presence_details(entries: Iterable, tz: Optional[_dt.tzinfo] = None) -> tuple:
    """Lines naming who edits what, from the facade's ``Presence`` (PresenceEntry records)."""
    lines = []
    for p in entries or ():
        level = p.ContextLevel
        lines.append(f"{p.User or '?'} is editing {p.ObjectId or '?'}"
                     + (f" ({level})" if level else "") + f" since {format_hm(p.Since, tz)}")
    return tuple(lines) or ("Nobody else is editing it now.",)


# ---------------------------------------------------------------------------------------------
# Header


def connection_text(state) -> str:
    """The header's words for a ConnectionState (None before the core runs)."""
    name = str(state) if state is not None else ""
    icon, text = CONNECTION_TEXT.get(name, ("⚪", name or "Not started"))
    return f"{icon} {text}"


def status_text(status, tz: Optional[_dt.tzinfo] = None) -> str:
    """The header's counts from a SyncStatus (None before the core answered)."""
    if status is None:
        return "No sync status yet"
    parts = [
        f"{status.Pending} pending",
        _plural(status.Checkpoints, "checkpoint") + " queued",
        f"{status.Deferred} deferred",
        _plural(status.Conflicts, "conflict"),
    ]
    if status.PushConflicts:
        parts.append(_plural(status.PushConflicts, "push", "pushes") + " to settle")
    last = status.LastSyncAt
    parts.append(f"last sync {format_hm(last, tz)}" if last is not None else "never synced")
    return " · ".join(parts)


# ---------------------------------------------------------------------------------------------
# The list of rows


class ActivityLog:
    """Rows newest first, capped; header state. The pane redraws from this after every change."""

    def __init__(self, cap: int = DEFAULT_CAP, tz: Optional[_dt.tzinfo] = None):
        self.cap = cap
        self.tz = tz
        self.rows: list = []
        #: The core's last SyncStatus (its connection included); None before the first.
        self.status = None
        self.notice: str = ""
        self._next_id = 1

    # -- the core's streams

    def add_signal(self, signal) -> Optional[Row]:
        """Apply one of the core's signals; returns the row added (None for kinds that settle others)."""
        if signal.Kind in SETTLING_KINDS:
            self._settle_subject(signal)
            return None
        row = render(signal, self.tz)
        if signal.Kind == "bulk_sync_complete":
            row = self._fold_bulk(row, signal.Count, signal.Target)
        return self._push(row)

    def set_status(self, status) -> None:
        """The core's SyncStatus: the header's counts and connection."""
        self.status = status

    def _settle_subject(self, signal) -> None:
        for r in list(self.rows):
            outcome = settled_outcome(r, signal, self.tz)
            if outcome is not None:
                self.settle(r.row_id, outcome)

    def add_row(self, row: Row) -> Row:
        return self._push(row)

    def _push(self, row: Row) -> Row:
        if row.merge_key:
            self.rows = [r for r in self.rows if r.merge_key != row.merge_key]
        row = replace(row, row_id=self._next_id)
        self._next_id += 1
        self.rows.insert(0, row)
        del self.rows[self.cap:]
        return row

    def _fold_bulk(self, row: Row, count: int, target: str) -> Row:
        """One line for a sync that brought several files: the file rows just above fold into it."""
        folded = []
        while (len(folded) < count and len(folded) < len(self.rows)
               and self.rows[len(folded)].kind == "file_synced"):
            folded.append(self.rows[len(folded)])
        if not folded:
            return row
        del self.rows[:len(folded)]
        numbers = []
        for r in reversed(folded):
            if r.part_number and r.part_number not in numbers:
                numbers.append(r.part_number)
        shown = ", ".join(numbers[:3]) + ("…" if len(numbers) > 3 else "")
        details = tuple(r.text for r in reversed(folded))
        if target != "all":
            details = (f"Subscription: {target}",) + details
        return replace(row, title=f"Synced {_plural(count, 'file')} ({shown})", details=details)

    # -- user actions

    def find(self, row_id: int) -> Optional[Row]:
        return next((r for r in self.rows if r.row_id == row_id), None)

    def remove(self, row_id: int) -> Optional[Row]:
        row = self.find(row_id)
        if row is not None:
            self.rows.remove(row)
        return row

    def settle(self, row_id: int, outcome: str) -> Optional[Row]:
        """The row's question was answered: keep it as a record, without buttons."""
        for i, r in enumerate(self.rows):
            if r.row_id == row_id:
                # Two reports of one outcome (the pane's click and the core's signal) say it once.
                details = r.details if outcome in r.details else r.details + (outcome,)
                self.rows[i] = replace(r, actions=(), details=details, level=INFO)
                return self.rows[i]
        return None

    def update(self, row_id: int, **changes) -> Optional[Row]:
        """Replace fields of a row in place (same position, same id)."""
        for i, r in enumerate(self.rows):
            if r.row_id == row_id:
                self.rows[i] = replace(r, **changes)
                return self.rows[i]
        return None

    def defer(self, row_id: int) -> Optional[Row]:
        row = self.remove(row_id)
        if row is not None:
            # The server has no "deferred" answer yet (spec: future), so the requester is not told.
            self.notice = (f"Deferred {row.title!r} — only hidden here; "
                           "the requester is not notified.")
        return row

    def clear(self) -> None:
        self.rows = []
        self.notice = ""

    # -- header

    def header_text(self) -> str:
        connection = self.status.Connection if self.status is not None else None
        return f"{connection_text(connection)}   {status_text(self.status, self.tz)}"
