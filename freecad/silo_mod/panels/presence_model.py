"""Presence dots and item labels for the Subscribe dialog and the Presence command (no Qt).

The facade's ``Presence`` answers other users' live edit sessions (PresenceEntry). The dot says
how close they are to a conflict: 🟢 someone works in the item (a body or assembly is active), 🟡
someone is editing a feature of it (sketch level: entering that feature would be blocked). A
check-out lock (``LockedBy`` of an ItemSummary) shows as 🔒.
"""

from __future__ import annotations

from typing import Iterable, Optional

IN_ITEM = "🟢"
EDITING_FEATURE = "🟡"
CHECKED_OUT = "🔒"

_FEATURE_LEVELS = {"sketch", "sketcher"}


def by_part_number(entries: Iterable) -> dict:
    grouped: dict = {}
    for entry in entries or ():
        grouped.setdefault(entry.PartNumber, []).append(entry)
    return grouped


def dot(entries: Iterable) -> str:
    entries = list(entries or ())
    if not entries:
        return ""
    if any(str(e.ContextLevel or "").lower() in _FEATURE_LEVELS for e in entries):
        return EDITING_FEATURE
    return IN_ITEM


def users(entries: Iterable) -> list:
    names = []
    for e in entries or ():
        if e.User and e.User not in names:
            names.append(e.User)
    return names


def marker(item, entries: Iterable) -> str:
    """"🟢 (alice)", "🟡 (bob, carol)", "🔒 (dave)" or ""."""
    entries = list(entries or ())
    parts = []
    if entries:
        parts.append(f"{dot(entries)} ({', '.join(users(entries))})")
    if item.LockedBy:
        parts.append(f"{CHECKED_OUT} ({item.LockedBy})")
    return "  ".join(parts)


def item_columns(item, entries: Iterable) -> tuple:
    """(part number, description, presence marker) for one row of the item list."""
    return (item.PartNumber, item.Description or "", marker(item, entries))


#: What the Projects and Categories types group search results by.
GROUPS = {"project": lambda item: item.Project, "category": lambda item: item.Category}


def group_targets(items: Iterable, kind: str) -> list:
    """Distinct projects or categories among search results, for the Projects/Categories types."""
    seen = []
    for item in items or ():
        value = GROUPS[kind](item)
        if value and value not in seen:
            seen.append(value)
    return sorted(seen)


def presence_text(part_number: Optional[str], entries, core=None) -> str:
    """What the Presence command shows for one item: the facade's ``Presence`` answer, worded by the core."""
    from .. import runtime

    return (core or runtime.core()).facade.PresenceText(part_number, entries)
