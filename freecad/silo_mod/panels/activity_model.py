"""Hours and minutes of a .NET time, for the Editing Blocked and Manage Subscriptions dialogs.

Everything the Activity pane shows is worded by the core (SiloMod.Core.Activity); these dialogs
still format their one time here until they read it from the facade's ``ClockText`` as well.
"""

from __future__ import annotations

import datetime as _dt
from typing import Optional


def local_time(value) -> Optional[_dt.datetime]:
    """A .NET DateTimeOffset (or null) as an aware datetime."""
    if value is None:
        return None
    return _dt.datetime.fromtimestamp(value.ToUnixTimeMilliseconds() / 1000, _dt.timezone.utc)


def format_hm(value, tz: Optional[_dt.tzinfo] = None) -> str:
    """A DateTimeOffset as HH:MM in the user's local time (or tz); "?" for none."""
    moment = local_time(value)
    return moment.astimezone(tz).strftime("%H:%M") if moment is not None else "?"
