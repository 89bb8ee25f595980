"""connection.start without FreeCAD: a fake core stands in for the bridge. Plain Python."""

import os
import sys
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(REPO, "freecad"))

from silo_mod import connection  # noqa: E402
from silo_mod._errors import CoreError  # noqa: E402

ARGS = {"server_url": "http://silo.test:5080", "token": "t0k", "state_dir": "/tmp/s", "projects_dir": "/tmp/p", "settings": {}}


class FakeCore:
    def __init__(self, failures=0):
        self.failures = failures
        self.calls = []
        self.started = False

    def call(self, method, **args):
        self.calls.append(method)
        if method == "start":
            if self.failures:
                self.failures -= 1
                raise CoreError("UnavailableException", "The Silo server could not be reached.")
            self.started = True
            return {"user": "alice", "workstation_id": "ws-1"}
        if method == "stop":
            self.started = False
        return None


class StartTests(unittest.TestCase):
    def setUp(self):
        connection._last_failure = None
        connection._started_with = None

    def test_start_after_recent_failure_fails_fast_without_asking_the_server(self):
        core = FakeCore(failures=1)
        with self.assertRaises(CoreError):
            connection.start(core, ARGS)

        with self.assertRaises(CoreError):
            connection.start(core, ARGS)

        self.assertEqual(["start"], core.calls)

    def test_start_forced_after_failure_tries_again(self):
        core = FakeCore(failures=1)
        with self.assertRaises(CoreError):
            connection.start(core, ARGS)

        self.assertEqual("alice", connection.start(core, ARGS, force=True)["user"])
        self.assertEqual(["start", "start"], core.calls)

    def test_start_after_failure_window_tries_again(self):
        core = FakeCore(failures=1)
        with self.assertRaises(CoreError):
            connection.start(core, ARGS)
        url, token, at, error = connection._last_failure
        connection._last_failure = (url, token, at - connection.RETRY_AFTER_SECONDS - 1, error)

        connection.start(core, ARGS)

        self.assertTrue(core.started)

    def test_start_other_token_after_failure_tries_at_once(self):
        core = FakeCore(failures=1)
        with self.assertRaises(CoreError):
            connection.start(core, ARGS)

        connection.start(core, dict(ARGS, token="new"))

        self.assertEqual(["start", "start"], core.calls)

    def test_start_running_core_stops_it_first(self):
        core = FakeCore()
        connection.start(core, ARGS)

        connection.start(core, dict(ARGS, server_url="http://other:5080"))

        self.assertEqual(["start", "stop", "start"], core.calls)

    def test_start_without_token_says_where_to_set_it(self):
        with self.assertRaises(CoreError) as raised:
            connection.start(FakeCore(), dict(ARGS, token=""))
        self.assertIn("Preferences", raised.exception.message)


if __name__ == "__main__":
    unittest.main()
