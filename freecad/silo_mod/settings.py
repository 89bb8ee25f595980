"""The workbench's preferences, kept in FreeCAD's parameter tree.

Group: ``User parameter:BaseApp/Preferences/Mod/SiloMod``. The keys are the names of the core's
defaults.json; ``core_record`` turns the six core settings into the core's SiloModSettings.

The token is stored in plain text in the user's FreeCAD configuration (user.cfg in FreeCAD's user
directory), like every other FreeCAD parameter: anyone who can read that file can use the token.

Importing this module needs neither FreeCAD nor Qt; FreeCAD is imported only when the real
parameter group is used, so the defaults and conversions are testable with plain Python.
"""

from __future__ import annotations

import json
import os
from typing import Optional

from . import ADDON_DIR, build

PARAM_PATH = "User parameter:BaseApp/Preferences/Mod/SiloMod"

#: The defaults of both languages: the core embeds this file, the workbench reads it here (no .NET
#: needed, the preferences page exists before .NET is loaded).
DEFAULTS_FILE = os.path.join("dotnet", "SiloMod.Core", "Settings", "defaults.json")
#: Where a build or an archive published without sources puts a copy of it.
DEFAULTS_COPY = "silomod-defaults.json"


def defaults_path(addon_dir=ADDON_DIR) -> str:
    return build.data_file(DEFAULTS_FILE, DEFAULTS_COPY, addon_dir)


def read_defaults(path=None) -> dict:
    with open(path or defaults_path(), encoding="utf-8") as file:
        return json.load(file)


_FILE = read_defaults()

# The six settings of the spec (the core's SiloModSettings.Default) and the connection's two.
CORE_DEFAULTS = dict(_FILE["settings"])
CONNECTION_DEFAULTS = dict(_FILE["connection"])
DEFAULT_SERVER_URL = CONNECTION_DEFAULTS["server_url"]

DEFAULTS = {**CONNECTION_DEFAULTS, **CORE_DEFAULTS}

MIN_DOWNLOADS = _FILE["limits"]["subscription_max_downloads"]["min"]
MAX_DOWNLOADS = _FILE["limits"]["subscription_max_downloads"]["max"]

# Labels the preferences page shows, in the spec's order.
LABELS = {
    "edit_locking_enabled": "Edit locking enabled",
    "push_on_context_close": "Push on context close",
    "subscription_auto_sync": "Auto-sync enabled",
    "subscription_max_downloads": "Max concurrent downloads",
    "subscription_sync_on_connect": "Sync on connect",
    "subscription_notify": "Notify on sync",
}


def parameters():
    """FreeCAD's parameter group of the workbench."""
    import FreeCAD

    return FreeCAD.ParamGet(PARAM_PATH)


def _clamp_downloads(value) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        return CORE_DEFAULTS["subscription_max_downloads"]
    return max(MIN_DOWNLOADS, min(MAX_DOWNLOADS, value))


def load(params=None) -> dict:
    """All eight values; a missing parameter reads as its default."""
    params = params if params is not None else parameters()
    values = {}
    for key, default in DEFAULTS.items():
        if isinstance(default, bool):
            values[key] = bool(params.GetBool(key, default))
        elif isinstance(default, int):
            values[key] = _clamp_downloads(params.GetInt(key, default))
        else:
            values[key] = params.GetString(key, default)
    values["server_url"] = normalize_url(values["server_url"]) or DEFAULT_SERVER_URL
    return values


def save(values: dict, params=None) -> dict:
    """Write the given keys (others untouched); returns what is stored now."""
    params = params if params is not None else parameters()
    for key, value in values.items():
        if key not in DEFAULTS:
            raise KeyError(f"unknown Silo setting: {key}")
        default = DEFAULTS[key]
        if isinstance(default, bool):
            params.SetBool(key, bool(value))
        elif isinstance(default, int):
            params.SetInt(key, _clamp_downloads(value))
        elif key == "server_url":
            params.SetString(key, normalize_url(value))
        else:
            params.SetString(key, str(value or ""))
    return load(params)


def normalize_url(url) -> str:
    return str(url or "").strip().rstrip("/")


def core_settings(values: Optional[dict] = None) -> dict:
    """The six settings of the core, by their defaults.json names."""
    values = values if values is not None else load()
    return {key: values.get(key, default) for key, default in CORE_DEFAULTS.items()}


def item_url(part_number: str, values: Optional[dict] = None) -> str:
    """The item's page on the Silo server ("View in Silo")."""
    from urllib.parse import quote

    values = values if values is not None else load()
    return f"{normalize_url(values.get('server_url')) or DEFAULT_SERVER_URL}/items/{quote(part_number, safe='')}"


def default_paths() -> dict:
    """Where the core keeps its state and puts synced files: inside FreeCAD's user data folder."""
    import os

    import FreeCAD

    root = os.path.join(FreeCAD.getUserAppDataDir(), "SiloMod")
    return {"state_dir": os.path.join(root, "state"), "projects_dir": os.path.join(root, "projects")}


def start_arguments(values: Optional[dict] = None, paths: Optional[dict] = None) -> dict:
    """Everything the core's ``start`` takes, from the stored (or given) preferences."""
    values = values if values is not None else load()
    return {"server_url": values["server_url"], "token": values["token"],
            **(paths if paths is not None else default_paths()),
            "settings": core_settings(values)}


def _running_core():
    """The core if .NET is started already; never starts it just to store preferences."""
    from freecad.silo_mod import runtime

    loaded = getattr(runtime, "is_loaded", None)
    return runtime.core() if callable(loaded) and loaded() else None


def push_to_core(values: Optional[dict] = None, core=None) -> bool:
    """Tell a running core about changed settings; False when no core runs (it reads them at start).

    Errors from the core propagate (the facade's .NET exception): the caller shows them to the user.
    """
    core = core if core is not None else _running_core()
    if core is None:
        return False
    core.facade.UpdateSettings(core_record(core_settings(values)))
    return True


def core_record(values: dict):
    """The core's SiloModSettings from the six settings (``core_settings``)."""
    from SiloMod.Core.Settings import SiloModSettings

    return SiloModSettings(
        bool(values["edit_locking_enabled"]), bool(values["push_on_context_close"]), bool(values["subscription_auto_sync"]),
        int(values["subscription_max_downloads"]), bool(values["subscription_sync_on_connect"]),
        bool(values["subscription_notify"]))
