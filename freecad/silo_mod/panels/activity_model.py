"""What the Activity pane shows, computed from the core's pushed events.

Pure Python on purpose (no FreeCAD, no Qt): the texts, icons and actions of every event kind are
checked by plain unit tests, and the Qt pane only lays the rows out and wires the buttons.
Nothing here decides anything about syncing or locking: the core has decided already, this module
only words the outcome.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
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
# A refused push: the core's three ways to settle it (their keys are the core's choice names).
OVERWRITE_THEIRS = "overwrite_theirs"
KEEP_AS_COPY = "keep_as_copy"
DISCARD_MINE = "discard_mine"
PUSH_CONFLICT_CHOICES = (OVERWRITE_THEIRS, KEEP_AS_COPY, DISCARD_MINE)

INFO = "info"
WARNING = "warning"
ERROR = "error"

DEFAULT_CAP = 200

# Kinds that only change the header line, never add a row.
HEADER_KINDS = ("status", "connection")

# Kinds that settle the cards about their subject (a session ended, a handoff request went out),
# never add a row: a card must not keep offering what can no longer be done.
SETTLING_KINDS = ("session_ended", "handoff_sent")

CONNECTION_TEXT = {
    "connected": ("🟢", "Connected"),
    "reconnecting": ("🟡", "Reconnecting…"),
    "offline": ("🔴", "Offline"),
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

_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse_time(value) -> Optional[_dt.datetime]:
    """An ISO 8601 time as .NET writes it (7 fraction digits, "Z" or an offset), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value
    text = str(value).strip()
    if text.endswith("Z") or text.endswith("z"):
        text = text[:-1] + "+00:00"
    text = _FRACTION.sub(r"\1", text)
    try:
        moment = _dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    return moment


def format_hm(value, tz: Optional[_dt.tzinfo] = None) -> str:
    """HH:MM in the user's local time (or tz); the raw text when it is not a time; "?" when empty."""
    moment = parse_time(value)
    if moment is None:
        return str(value) if value not in (None, "") else "?"
    return moment.astimezone(tz).strftime("%H:%M")


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


def _g(event: dict, key: str, default=None):
    value = event.get(key, default)
    return default if value is None else value


# ---------------------------------------------------------------------------------------------
# One renderer per kind


def _checkpoint_pushed(e: dict, tz) -> Row:
    count = int(_g(e, "subscribers_notified", 0))
    pn = _g(e, "part_number", "?")
    details = ()
    if e.get("overwrote"):
        details = ("Your version replaced the newer one, which stays on the server.",)
    return Row(
        "checkpoint_pushed", "⬆",
        f"Checkpoint: {pn} ({_g(e, 'context', '?')}) — {_plural(count, 'subscriber')} notified",
        details, part_number=e.get("part_number"),
        # Pushing over a refused version settles its card.
        merge_key=f"push_conflict:{pn}" if e.get("overwrote") else None)


def _push_conflict(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    head = e.get("head") or {}
    who = head.get("user") or "someone else"
    details = [str(e["message"])] if e.get("message") else []
    details.append("Overwrite theirs pushes yours over it (theirs stays on the server); Keep as a copy and "
                   "Discard mine bring your document to the newer version.")
    params = {"part_number": pn, "conflict_id": e.get("conflict_id")}
    return Row(
        "push_conflict", "⛔", f"Not pushed: {pn} — {who} has a newer version",
        tuple(details),
        tuple(Action(key, label, params) for key, label in (
            (OVERWRITE_THEIRS, "Overwrite theirs"), (KEEP_AS_COPY, "Keep as a copy"), (DISCARD_MINE, "Discard mine"))),
        level=ERROR, part_number=pn, merge_key=f"push_conflict:{pn}")


def _push_conflict_resolved(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    return Row("push_conflict_resolved", "✔", f"Settled: {pn}", (str(_g(e, "message", "")),),
               part_number=pn, merge_key=f"push_conflict:{pn}")


def _document_replaced(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    details = [f"{_name(e.get('path'))} now holds {_g(e, 'version', 'the newest version')}."]
    if e.get("copy_path"):
        details.append(f"What only your file had is kept as {_name(e['copy_path'])}.")
    return Row("document_replaced", "⬇", f"Updated: {pn}", tuple(details), _open_actions(e), part_number=pn)


def _checkpoint_queued(e: dict, tz) -> Row:
    details = []
    if e.get("reason"):
        details.append(str(e["reason"]))
    details.append("It is pushed automatically when the server can be reached again.")
    return Row(
        "checkpoint_queued", "⏳",
        f"Checkpoint queued (offline): {_g(e, 'part_number', '?')} ({_g(e, 'context', '?')})",
        tuple(details), level=WARNING, part_number=e.get("part_number"))


def _open_actions(e: dict) -> tuple:
    pn = e.get("part_number")
    actions = []
    if e.get("path"):
        actions.append(Action(OPEN, "Open", {"path": e["path"]}))
    if pn:
        actions.append(Action(VIEW_IN_SILO, "View in Silo →", {"part_number": pn}))
    return tuple(actions)


def _file_synced(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    if e.get("is_checkpoint"):
        user = e.get("checkpoint_user")
        context = e.get("checkpoint_context")
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
    revision = e.get("revision")
    previous = e.get("previous_revision")
    if revision is None:
        change = ""
    elif previous is not None and previous != revision:
        change = f" {_rev(previous)} → {_rev(revision)}"
    else:
        change = f" {_rev(revision)}"
    return Row("file_synced", "⬇", f"Synced: {pn}{change}", (), _open_actions(e), part_number=pn)


def _file_deferred(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    target = e.get("target_revision")
    if e.get("is_checkpoint"):
        what = "working checkpoint"
    elif target is not None:
        what = _rev(target)
    else:
        what = "update"
    return Row(
        "file_deferred", "⏸", f"Deferred: {pn} {what} — waiting for you to close {_name(e.get('path'))}",
        ("The download starts as soon as the file is closed in FreeCAD.",), part_number=pn)


def _file_conflict(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    reason = {
        "local_modified": "your local file changed since the last sync",
        "older_version": "your copy is a newer version than the one your subscription asks for",
    }.get(e.get("conflict_type"), str(_g(e, "conflict_type", "conflict")).replace("_", " "))
    params = {"part_number": pn}
    return Row(
        "file_conflict", "⚠", f"Conflict: {pn} — a newer version is on the server",
        (f"{_name(e.get('path'))}: {reason}.", "Overwrite replaces your local changes; Skip keeps them."),
        (Action(OVERWRITE, "Overwrite", params), Action(SKIP, "Skip", params)),
        level=WARNING, part_number=pn)


def _bulk_sync_complete(e: dict, tz) -> Row:
    count = int(_g(e, "count", 0))
    target = _g(e, "target", "all")
    label = "all subscriptions" if target == "all" else target
    return Row("bulk_sync_complete", "⬇", f"Synced {_plural(count, 'file')} ({label})")


def _file_untracked(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    details = ("Subscription removed; the file stays where it is" +
               (f": {e['path']}" if e.get("path") else "."),)
    return Row("file_untracked", "⊘", f"No longer tracked: {pn}", details, part_number=pn)


def _presence_changed(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    return Row("presence_changed", "👥", f"Presence changed: {pn}", part_number=pn,
               merge_key=f"presence:{pn}")


def _soft_interference(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    details = ()
    if e.get("shared_nodes"):
        details = (f"Shares downstream: {_shared(e['shared_nodes'])}",)
    return Row(
        "soft_interference", "⚠",
        f"{_g(e, 'user', 'Someone')} is editing {_g(e, 'object_id', '?')} on {pn}",
        details, level=WARNING, part_number=pn)


def _hard_interference_blocked(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    user = _g(e, "holder_user", "Someone")
    since = format_hm(e.get("since"), tz)
    where = f" on {e['holder_workstation']}" if e.get("holder_workstation") else ""
    session = e.get("holder_session_id")
    if session:
        detail = f"{user} is editing{where} (since {since})"
        actions = (Action(REQUEST_HANDOFF, "Request Handoff", {"part_number": pn, "session_id": session, "holder": user}),)
    else:
        # No session to ask for: the item is checked out, and only its owner can unlock it.
        detail = f"{user} has {pn} checked out (since {since})"
        actions = ()
    return Row("hard_interference_blocked", "🔒", f"Blocked: cannot edit {_g(e, 'object_id', '?')} on {pn}",
               (detail,), actions, level=ERROR, part_number=pn, subject=session)


def _offline_editing(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    details = []
    if e.get("reason"):
        details.append(str(e["reason"]))
    details.append("Nobody was asked for a lock; your checkpoint is pushed once the server is back.")
    return Row("offline_editing", "📴", f"Offline editing: {_g(e, 'object_id', '?')} on {pn}",
               tuple(details), level=WARNING, part_number=pn)


def _handoff_requested(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    session = e.get("session_id")
    details = (f"\"{e['message']}\"",) if e.get("message") else ()
    return Row(
        "handoff_requested", "🔔",
        f"{_g(e, 'requester', 'Someone')} requests {_g(e, 'object_id', '?')} on {pn}",
        details,
        (Action(RELEASE_NOW, "Release Now", {"session_id": session, "part_number": pn}),
         Action(DEFER, "Defer", {}),
         Action(DISMISS, "Dismiss", {})),
        level=WARNING, part_number=pn, subject=session)


def _leave_context_requested(e: dict, tz) -> Row:
    pn = _g(e, "part_number", "?")
    return Row("leave_context_requested", "↩", f"Releasing {_g(e, 'object_id', '?')} on {pn}",
               ("Leaving the editing context; a checkpoint is pushed if the document changed.",),
               part_number=pn)


def _sync_error(e: dict, tz) -> Row:
    pn = e.get("part_number")
    prefix = f"{pn} — " if pn else ""
    return Row("sync_error", "❌", f"Sync error: {prefix}{_g(e, 'message', 'unknown error')}",
               level=ERROR, part_number=pn)


def _size(count_bytes) -> str:
    mb = int(count_bytes or 0) / (1024 * 1024)
    return f"{mb:.1f} MB" if mb >= 1 else f"{int(count_bytes or 0) // 1024} KB"


def _leftovers_removed(e: dict, tz) -> Row:
    # The core's start-up sweep of what a killed run left half-written: information, nothing to do.
    files = int(_g(e, "files", 0))
    details = (str(e["message"]),) if e.get("message") else ()
    return Row("leftovers_removed", "🧹",
               f"Cleaned up {_plural(files, 'unfinished file')} ({_size(e.get('bytes'))}) from an interrupted session",
               details)


def _unknown(e: dict, tz) -> Row:
    # A kind newer than this workbench: still visible, never dropped silently.
    return Row(str(e.get("kind", "?")), "•", f"Event: {e.get('kind', '?')}",
               tuple(f"{k}: {v}" for k, v in sorted(e.items()) if k != "kind"))


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

# Every kind the core pushes (dotnet/SiloMod.Core/Signals plus the two header kinds).
ALL_KINDS = tuple(RENDERERS) + HEADER_KINDS


def render(event: dict, tz: Optional[_dt.tzinfo] = None) -> Optional[Row]:
    """The row for one event, or None for kinds that only update the header."""
    kind = event.get("kind")
    if kind in HEADER_KINDS or kind in SETTLING_KINDS:
        return None
    return RENDERERS.get(kind, _unknown)(event, tz)


def settled_outcome(row: Row, event: dict, tz: Optional[_dt.tzinfo] = None) -> Optional[str]:
    """The line a card gets when ``event`` (a settling kind) ends its subject; None when it is not about this card.

    Only the wording is decided here: the core says that the session ended or that the request was sent.
    """
    session = event.get("session_id")
    if not session or row.subject != session:
        return None
    obj = _g(event, "object_id", "the object")
    if event.get("kind") == "handoff_sent" and row.kind == "hard_interference_blocked":
        return f"Handoff requested from {_g(event, 'holder_user', 'the other user')} — you are told when they release it."
    if event.get("kind") != "session_ended":
        return None
    user = _g(event, "user", "The other user")
    if row.kind == "hard_interference_blocked":
        return f"{user} finished editing {obj}: you can edit it now."
    if row.kind == "handoff_requested":
        return f"The request is settled: your session on {obj} ended."
    return f"The session on {obj} ended."


def presence_details(entries: Iterable[dict], tz: Optional[_dt.tzinfo] = None) -> tuple:
    """Lines naming who edits what, from the core's `presence` answer."""
    lines = []
    for p in entries or ():
        level = p.get("context_level")
        lines.append(f"{_g(p, 'user', '?')} is editing {_g(p, 'object_id', '?')}"
                     + (f" ({level})" if level else "") + f" since {format_hm(p.get('since'), tz)}")
    return tuple(lines) or ("Nobody else is editing it now.",)


# ---------------------------------------------------------------------------------------------
# Header


def connection_text(state: Optional[str]) -> str:
    icon, text = CONNECTION_TEXT.get(state or "", ("⚪", "Not started" if not state else str(state)))
    return f"{icon} {text}"


def status_text(status: Optional[dict], tz: Optional[_dt.tzinfo] = None) -> str:
    if not status:
        return "No sync status yet"
    parts = [
        f"{_g(status, 'pending', 0)} pending",
        _plural(int(_g(status, 'checkpoints', 0)), "checkpoint") + " queued",
        f"{_g(status, 'deferred', 0)} deferred",
        _plural(int(_g(status, 'conflicts', 0)), "conflict"),
    ]
    refused = int(_g(status, "push_conflicts", 0))
    if refused:
        parts.append(_plural(refused, "push", "pushes") + " to settle")
    last = status.get("last_sync_at")
    parts.append(f"last sync {format_hm(last, tz)}" if last else "never synced")
    return " · ".join(parts)


# ---------------------------------------------------------------------------------------------
# The list of rows


class ActivityLog:
    """Rows newest first, capped; header state. The pane redraws from this after every change."""

    def __init__(self, cap: int = DEFAULT_CAP, tz: Optional[_dt.tzinfo] = None):
        self.cap = cap
        self.tz = tz
        self.rows: list = []
        self.connection: Optional[str] = None
        self.status: Optional[dict] = None
        self.notice: str = ""
        self._next_id = 1

    # -- events

    def add_event(self, event: dict) -> Optional[Row]:
        """Apply one pushed event; returns the row added (None for header-only kinds)."""
        kind = event.get("kind")
        if kind == "connection":
            self.connection = event.get("state")
            return None
        if kind == "status":
            self.status = {k: v for k, v in event.items() if k != "kind"}
            if event.get("connection"):
                self.connection = event["connection"]
            return None
        if kind in SETTLING_KINDS:
            self._settle_subject(event)
            return None
        row = render(event, self.tz)
        if kind == "bulk_sync_complete":
            row = self._fold_bulk(row, int(_g(event, "count", 0)), _g(event, "target", "all"))
        return self._push(row)

    def _settle_subject(self, event: dict) -> None:
        for r in list(self.rows):
            outcome = settled_outcome(r, event, self.tz)
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
        return f"{connection_text(self.connection)}   {status_text(self.status, self.tz)}"
