"""Plain-Python tests of the settings defaults (read from the core's defaults.json) and their round trip.

Run from the repository root:  python3 -m unittest discover -s tests/freecad/panels -p 'test_*.py'
"""

import json
import os
import tempfile
import unittest

from _paths import ROOT  # noqa: E402  (puts the checkout's freecad package on sys.path)
from freecad.silo_mod import settings  # noqa: E402

import fake_core  # noqa: E402
import fake_dotnet as net  # noqa: E402


class FakeParams:
    """FreeCAD's ParameterGrp surface that settings.py uses."""

    def __init__(self):
        self.values = {}

    def _get(self, key, default):
        return self.values.get(key, default)

    GetBool = GetInt = GetString = _get

    def _set(self, key, value):
        self.values[key] = value

    SetBool = SetInt = SetString = _set


class SettingsTests(unittest.TestCase):
    def test_defaults_match_the_spec(self):
        self.assertEqual(settings.CORE_DEFAULTS, {
            "edit_locking_enabled": True,
            "push_on_context_close": True,
            "subscription_auto_sync": True,
            "subscription_max_downloads": 2,
            "subscription_sync_on_connect": True,
            "subscription_notify": True,
        })
        self.assertEqual(settings.PARAM_PATH, "User parameter:BaseApp/Preferences/Mod/SiloMod")

    def test_defaults_come_from_the_core_s_file(self):
        path = os.path.join(ROOT, "dotnet", "SiloMod.Core", "Settings", "defaults.json")
        self.assertEqual(settings.defaults_path(), path)
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
        self.assertEqual(settings.CORE_DEFAULTS, data["settings"])
        self.assertEqual(settings.CONNECTION_DEFAULTS, data["connection"])
        self.assertEqual(settings.DEFAULT_SERVER_URL, "http://localhost:5000")
        self.assertEqual((settings.MIN_DOWNLOADS, settings.MAX_DOWNLOADS), (1, 8))
        self.assertEqual(set(settings.LABELS), set(settings.CORE_DEFAULTS))

    def test_defaults_path_without_sources_is_the_published_copy(self):
        with tempfile.TemporaryDirectory() as addon:
            os.makedirs(os.path.join(addon, "bin"))
            copy = os.path.join(addon, "bin", settings.DEFAULTS_COPY)
            with open(copy, "w", encoding="utf-8") as file:
                json.dump({"settings": {"subscription_max_downloads": 3}}, file)
            self.assertEqual(settings.defaults_path(addon), copy)
            self.assertEqual(settings.read_defaults(settings.defaults_path(addon))["settings"]["subscription_max_downloads"], 3)

    def test_empty_group_reads_defaults(self):
        self.assertEqual(settings.load(FakeParams()), settings.DEFAULTS)

    def test_save_and_load_round_trip(self):
        params = FakeParams()
        stored = settings.save({"server_url": " http://silo:5080/ ", "token": "t0k",
                                "subscription_max_downloads": 20, "edit_locking_enabled": False}, params)
        self.assertEqual(stored["server_url"], "http://silo:5080")
        self.assertEqual(stored["token"], "t0k")
        self.assertEqual(stored["subscription_max_downloads"], 8)
        self.assertFalse(stored["edit_locking_enabled"])
        self.assertTrue(stored["subscription_notify"])

    def test_unknown_key_is_refused(self):
        with self.assertRaises(KeyError):
            settings.save({"nope": 1}, FakeParams())

    def test_push_to_core_updates_the_core_s_settings(self):
        core = fake_core.FakeCore()
        self.assertTrue(settings.push_to_core(dict(settings.DEFAULTS, subscription_notify=False), core))
        self.assertEqual(core.calls_of("UpdateSettings"), [(net.SiloModSettings(True, True, True, 2, True, False),)])

    def test_start_request_keeps_state_and_files_in_freecad_s_user_data(self):
        request = settings.start_request(dict(settings.DEFAULTS, token="t"), "/home/u/.FreeCAD")
        self.assertEqual(request, net.StartRequest(settings.DEFAULT_SERVER_URL, "t", "/home/u/.FreeCAD/SiloMod/state",
                                                   "/home/u/.FreeCAD/SiloMod/projects", net.SiloModSettings(True, True, True, 2, True, True)))

    def test_item_url(self):
        self.assertEqual(settings.item_url("PRT 1/2", {"server_url": "http://s:1/"}), "http://s:1/items/PRT%201%2F2")


if __name__ == "__main__":
    unittest.main()
