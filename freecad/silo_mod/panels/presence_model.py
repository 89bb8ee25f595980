"""Presence dots and item labels for the Subscribe dialog and the Presence command (no Qt).

The core answers ``presence`` with other users' live edit sessions. The dot says how close they
are to a conflict: 🟢 someone works in the item (a body or assembly is active), 🟡 someone is
editing a feature of it (sketch level: entering that feature would be blocked). A check-out lock
(``locked_by`` of ``search_items``) shows as 🔒.
"""

from __future__ import annotations

from typing import Iterable, Optional

from . import activity_model

IN_ITEM = "🟢"
EDITING_FEATURE = "🟡"
CHECKED_OUT = "🔒"

_FEATURE_LEVELS = {"sketch", "sketcher"}


def by_part_number(entries: Iterable[dict]) -> dict:
    grouped: dict = {}
    for entry in entries or ():
        grouped.setdefault(entry.get("part_number"), []).append(entry)
    return grouped


def dot(entries: Iterable[dict]) -> str:
    entries = list(entries or ())
    if not entries:
        return ""
    if any(str(e.get("context_level", "")).lower() in _FEATURE_LEVELS for e in entries):
        return EDITING_FEATURE
    return IN_ITEM


def users(entries: Iterable[dict]) -> list:
    names = []
    for e in entries or ():
        if e.get("user") and e["user"] not in names:
            names.append(e["user"])
    return names


def marker(item: dict, entries: Iterable[dict]) -> str:
    """"🟢 (alice)", "🟡 (bob, carol)", "🔒 (dave)" or ""."""
    entries = list(entries or ())
    parts = []
    if entries:
        parts.append(f"{dot(entries)} ({', '.join(users(entries))})")
    if item.get("locked_by"):
        parts.append(f"{CHECKED_OUT} ({item['locked_by']})")
    return "  ".join(parts)


def item_columns(item: dict, entries: Iterable[dict]) -> tuple:
    """(part number, description, presence marker) for one row of the item list."""
    return (item.get("part_number", "?"), item.get("description") or "", marker(item, entries))


def group_targets(items: Iterable[dict], field: str) -> list:
    """Distinct projects or categories among search results, for the Projects/Categories types."""
    seen = []
    for item in items or ():
        value = item.get(field)
        if value and value not in seen:
            seen.append(value)
    return sorted(seen)


def presence_text(part_number: Optional[str], entries: Iterable[dict], tz=None) -> str:
    """What the Presence command shows for one item."""
    entries = list(entries or ())
    if not part_number:
        return "The active document is not tracked by Silo."
    lines = [f"{part_number}:"] + ["  " + line for line in activity_model.presence_details(entries, tz)]
    return "\n".join(lines)
