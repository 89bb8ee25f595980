"""The workbench's preferences, kept in FreeCAD's parameter tree under the names of the core's defaults.json.

The token is stored in plain text in the user's FreeCAD configuration (user.cfg), like every other
FreeCAD parameter: anyone who can read that file can use the token.

Plain Python until a value goes to the core: the preferences page works before .NET is loaded.
"""

import json
import os
from urllib.parse import quote

from . import ADDON_DIR, build

PARAM_PATH = "User parameter:BaseApp/Preferences/Mod/SiloMod"

# One file holds the defaults of both languages: the core embeds it, the workbench reads it here.
DEFAULTS_FILE = os.path.join("dotnet", "SiloMod.Core", "Settings", "defaults.json")
DEFAULTS_COPY = "silomod-defaults.json"


def defaults_path(addon_dir=ADDON_DIR) -> str:
    return build.data_file(DEFAULTS_FILE, DEFAULTS_COPY, addon_dir)


def read_defaults(path=None) -> dict:
    with open(path or defaults_path(), encoding="utf-8") as file:
        return json.load(file)


_FILE = read_defaults()
CORE_DEFAULTS = dict(_FILE["settings"])
CONNECTION_DEFAULTS = dict(_FILE["connection"])
DEFAULT_SERVER_URL = CONNECTION_DEFAULTS["server_url"]
DEFAULTS = {**CONNECTION_DEFAULTS, **CORE_DEFAULTS}
MIN_DOWNLOADS = _FILE["limits"]["subscription_max_downloads"]["min"]
MAX_DOWNLOADS = _FILE["limits"]["subscription_max_downloads"]["max"]

LABELS = {
    "edit_locking_enabled": "Edit locking enabled",
    "push_on_context_close": "Push on context close",
    "subscription_auto_sync": "Auto-sync enabled",
    "subscription_max_downloads": "Max concurrent downloads",
    "subscription_sync_on_connect": "Sync on connect",
    "subscription_notify": "Notify on sync",
}


def parameters():
    import FreeCAD

    return FreeCAD.ParamGet(PARAM_PATH)


def normalize_url(url) -> str:
    return str(url or "").strip().rstrip("/")


def _stored(key, value):
    """``value`` as the parameter of ``key`` holds it: the default's type, downloads within the limits."""
    default = DEFAULTS[key]
    if isinstance(default, bool):
        return bool(value)
    if isinstance(default, int):
        try:
            return max(MIN_DOWNLOADS, min(MAX_DOWNLOADS, int(value)))
        except (TypeError, ValueError):
            return default
    return normalize_url(value) if key == "server_url" else str(value or "")


def _accessor(params, key, verb):
    default = DEFAULTS[key]
    kind = "Bool" if isinstance(default, bool) else "Int" if isinstance(default, int) else "String"
    return getattr(params, verb + kind)


def load(params=None) -> dict:
    """All eight values; a missing parameter reads as its default."""
    params = params if params is not None else parameters()
    values = {key: _stored(key, _accessor(params, key, "Get")(key, default)) for key, default in DEFAULTS.items()}
    values["server_url"] = values["server_url"] or DEFAULT_SERVER_URL
    return values


def save(values: dict, params=None) -> dict:
    """Writes the given keys (others untouched); returns what is stored now."""
    params = params if params is not None else parameters()
    for key, value in values.items():
        if key not in DEFAULTS:
            raise KeyError(f"unknown Silo setting: {key}")
        _accessor(params, key, "Set")(key, _stored(key, value))
    return load(params)


def item_url(part_number: str, values=None) -> str:
    """The item's page on the Silo server ("View in Silo")."""
    values = values if values is not None else load()
    return f"{normalize_url(values.get('server_url')) or DEFAULT_SERVER_URL}/items/{quote(part_number, safe='')}"


def core_record(values: dict):
    """The core's SiloModSettings from the six core settings in ``values``."""
    from SiloMod.Core.Settings import SiloModSettings

    v = {key: values.get(key, default) for key, default in CORE_DEFAULTS.items()}
    return SiloModSettings(
        bool(v["edit_locking_enabled"]), bool(v["push_on_context_close"]), bool(v["subscription_auto_sync"]),
        int(v["subscription_max_downloads"]), bool(v["subscription_sync_on_connect"]), bool(v["subscription_notify"]))


def start_request(values=None, user_data_dir=None):
    """The facade's StartRequest from the stored (or given) preferences; the core's state and the
    synced files live in FreeCAD's user data folder."""
    from SiloMod.Bridge import StartRequest

    values = values if values is not None else load()
    if user_data_dir is None:
        import FreeCAD

        user_data_dir = FreeCAD.getUserAppDataDir()
    root = os.path.join(user_data_dir, "SiloMod")
    return StartRequest(values["server_url"], values["token"], os.path.join(root, "state"),
                        os.path.join(root, "projects"), core_record(values))


def push_to_core(values=None, core=None) -> bool:
    """Tells a running core about changed settings; False when none runs (it reads them at its start).

    Never loads .NET just for this; the core's refusal propagates for the caller to show.
    """
    if core is None:
        from . import runtime

        core = runtime.core() if runtime.is_loaded() else None
    if core is None:
        return False
    core.facade.UpdateSettings(core_record(values if values is not None else load()))
    return True
