"""Rules the workbench shares with the server and the .NET client, read from the one file that
holds them (``dotnet/Silo.Protocol/rules.json``, embedded in Silo.Protocol on the .NET side).

Plain Python, no FreeCAD: it must answer before any .NET is loaded.
"""

import json
import os
import re

from . import build

RULES_FILE = os.path.join("dotnet", "Silo.Protocol", "rules.json")
#: Where a build or an archive published without sources puts a copy of it.
RULES_COPY = "silomod-rules.json"


def _load():
    with open(build.data_file(RULES_FILE, RULES_COPY), encoding="utf-8") as f:
        return json.load(f)


_RULES = _load()
_NAMES = _RULES["names"]
_PART_NUMBER = re.compile(_NAMES["part_number_pattern"])
_RESERVED = frozenset(n.upper() for n in _NAMES["reserved_device_names"])

PART_NUMBER_MAX_LENGTH = _NAMES["part_number_max_length"]


def part_number_problem(pn):
    """Why ``pn`` (already trimmed) cannot be a part number, or None when it can.

    The checks and their order are the server's (``NameRules.CheckPartNumber``); the wording is the
    workbench's own, for a user typing a part number rather than a client sending one.
    """
    if not pn:
        return "A part number is required."
    if len(pn) > PART_NUMBER_MAX_LENGTH:
        return f"{pn!r} is longer than {PART_NUMBER_MAX_LENGTH} characters."
    if (any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in pn)
            or "/" in pn or "\\" in pn
            or any(s in pn for s in _NAMES["forbidden_substrings"])
            or not _PART_NUMBER.fullmatch(pn)
            or any(pn.endswith(e) for e in _NAMES["forbidden_endings"])):
        return (f"{pn!r} is not a valid part number: use letters, digits, '.', '_' and '-', "
                "starting with a letter or digit (no '..', no slashes).")
    if pn.split(".")[0].rstrip().upper() in _RESERVED:
        return f"{pn!r} is a reserved device name on Windows: it cannot name a file."
    return None
