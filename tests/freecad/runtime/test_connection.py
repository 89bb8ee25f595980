"""connection.start without FreeCAD: a fake core stands in for the bridge. Plain Python."""

import os
import sys
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(REPO, "freecad"))
sys.path.insert(0, os.path.join(REPO, "tests", "freecad", "panels"))

import fake_core  # noqa: E402
import fake_dotnet  # noqa: E402
from silo_mod import connection, settings  # noqa: E402
from silo_mod._errors import CoreError  # noqa: E402

ARGS = {"server_url": "http://silo.test:5080", "token": "t0k", "state_dir": "/tmp/s", "projects_dir": "/tmp/p",
        "settings": settings.CORE_DEFAULTS}


def FakeCore(failures=0):  # noqa: N802 - stands for the class
    """The fake core; its first ``failures`` starts fail as an unreachable server does."""
    left = [failures]

    def start(request):
        if left[0]:
            left[0] -= 1
            raise fake_dotnet.BridgeException("UnavailableException", "The Silo server could not be reached.")
        return fake_dotnet.CoreIdentity("ws-1", "alice")

    core = fake_core.FakeCore({"Start": start})
    core.names = lambda: [name for name, _ in core.calls]
    return core


class StartTests(unittest.TestCase):
    def setUp(self):
        connection._last_failure = None
        connection._started_with = None

    def test_start_after_recent_failure_fails_fast_without_asking_the_server(self):
        core = FakeCore(failures=1)
        with self.assertRaises(fake_dotnet.BridgeException):
            connection.start(core, ARGS)

        with self.assertRaises(fake_dotnet.BridgeException):
            connection.start(core, ARGS)

        self.assertEqual(["Start"], core.names())

    def test_start_forced_after_failure_tries_again(self):
        core = FakeCore(failures=1)
        with self.assertRaises(fake_dotnet.BridgeException):
            connection.start(core, ARGS)

        self.assertEqual("alice", connection.start(core, ARGS, force=True).User)
        self.assertEqual(["Start", "Start"], core.names())

    def test_start_after_failure_window_tries_again(self):
        core = FakeCore(failures=1)
        with self.assertRaises(fake_dotnet.BridgeException):
            connection.start(core, ARGS)
        url, token, at, error = connection._last_failure
        connection._last_failure = (url, token, at - connection.RETRY_AFTER_SECONDS - 1, error)

        connection.start(core, ARGS)

        self.assertTrue(core.started)

    def test_start_other_token_after_failure_tries_at_once(self):
        core = FakeCore(failures=1)
        with self.assertRaises(fake_dotnet.BridgeException):
            connection.start(core, ARGS)

        connection.start(core, dict(ARGS, token="new"))

        self.assertEqual(["Start", "Start"], core.names())

    def test_start_running_core_stops_it_first(self):
        core = FakeCore()
        connection.start(core, ARGS)

        connection.start(core, dict(ARGS, server_url="http://other:5080"))

        self.assertEqual(["Start", "Stop", "Start"], core.names())

    def test_start_passes_the_settings_as_the_core_s_record(self):
        core = FakeCore()
        connection.start(core, dict(ARGS, settings=dict(settings.CORE_DEFAULTS, subscription_max_downloads=4)))

        request = core.calls_of("Start")[0][0]
        self.assertEqual(("http://silo.test:5080", "t0k", "/tmp/s", "/tmp/p"),
                         (request.ServerUrl, request.Token, request.StateDir, request.ProjectsDir))
        self.assertEqual(4, request.Settings.SubscriptionMaxDownloads)

    def test_start_without_token_says_where_to_set_it(self):
        with self.assertRaises(CoreError) as raised:
            connection.start(FakeCore(), dict(ARGS, token=""))
        self.assertIn("Preferences", raised.exception.message)


if __name__ == "__main__":
    unittest.main()
