"""Plain-Python tests of the Activity pane's texts and actions and of the settings defaults.

Run from the repository root:  python3 -m unittest discover -s tests/freecad/panels -p 'test_*.py'
"""

import datetime as dt
import json
import os
import sys
import tempfile
import unittest
from dataclasses import replace

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
for path in (ROOT, HERE):
    if path not in sys.path:
        sys.path.insert(0, path)

from freecad.silo_mod import settings  # noqa: E402
from freecad.silo_mod.panels import activity_model as m  # noqa: E402
from freecad.silo_mod.panels import presence_model  # noqa: E402

import fake_core  # noqa: E402
import fake_dotnet as net  # noqa: E402
import sample_events  # noqa: E402

UTC = dt.timezone.utc


def row(event):
    return m.render(event, UTC)


def by_kind(kind, **match):
    return next(e for e in sample_events.EVENTS if e.Kind == kind and all(getattr(e, k) == v for k, v in match.items()))


def keys(r):
    return [a.key for a in r.actions]


class SettleTests(unittest.TestCase):
    """Cards settle when their subject ends: no button offers what can no longer be done."""

    def setUp(self):
        self.log = m.ActivityLog(tz=UTC)
        self.blocked = self.log.add_signal(by_kind("hard_interference_blocked"))
        self.handoff = self.log.add_signal(by_kind("handoff_requested"))

    def settling(self, kind, session):
        return next(e for e in sample_events.SETTLING if e.Kind == kind and e.SessionId == session)

    def test_settling_kinds_add_no_row(self):
        before = len(self.log.rows)
        for event in sample_events.SETTLING:
            self.assertIsNone(self.log.add_signal(event))
        self.assertEqual(len(self.log.rows), before)

    def test_handoff_sent_names_the_holder_on_the_blocked_card(self):
        self.log.add_signal(self.settling("handoff_sent", "s-alice"))
        card = self.log.find(self.blocked.row_id)
        self.assertEqual(card.actions, ())
        self.assertIn("Handoff requested from alice", card.details[-1])

    def test_end_of_the_blocking_session_settles_the_blocked_card(self):
        self.log.add_signal(self.settling("handoff_sent", "s-alice"))
        self.log.add_signal(self.settling("session_ended", "s-alice"))
        card = self.log.find(self.blocked.row_id)
        self.assertEqual(card.actions, ())
        self.assertEqual(card.details[-1], "alice finished editing Sketch001: you can edit it now.")
        self.assertEqual(card.level, m.INFO)

    def test_end_of_my_session_settles_the_handoff_card(self):
        self.log.add_signal(self.settling("session_ended", "s-mine"))
        card = self.log.find(self.handoff.row_id)
        self.assertEqual(card.actions, ())
        self.assertIn("ended", card.details[-1])
        # The blocked card is about another session: untouched.
        self.assertEqual(keys(self.log.find(self.blocked.row_id)), ["request_handoff"])

    def test_the_same_outcome_twice_is_said_once(self):
        event = self.settling("handoff_sent", "s-alice")
        self.log.add_signal(event)
        self.log.add_signal(event)
        details = self.log.find(self.blocked.row_id).details
        self.assertEqual(len([d for d in details if d.startswith("Handoff requested")]), 1)


class RenderTests(unittest.TestCase):
    def test_every_pushed_kind_has_a_renderer(self):
        self.assertEqual(set(sample_events.ALL_KINDS), set(m.RENDERERS))

    def test_leftovers_removed_says_how_much_was_cleaned(self):
        r = row(by_kind("leftovers_removed"))
        self.assertEqual(r.text, "🧹 Cleaned up 13 unfinished files (256.0 MB) from an interrupted session")
        self.assertIn("Nothing of yours was in them", r.details[0])
        self.assertEqual((r.actions, r.level), ((), m.INFO))

    def test_checkpoint_pushed(self):
        r = row(by_kind("checkpoint_pushed"))
        self.assertEqual(r.text, "⬆ Checkpoint: PRT-100 (body_close) — 3 subscribers notified")
        self.assertEqual(r.actions, ())

    def test_checkpoint_pushed_one_subscriber_is_singular(self):
        r = row(replace(by_kind("checkpoint_pushed"), SubscribersNotified=1))
        self.assertTrue(r.text.endswith("— 1 subscriber notified"))

    def test_push_conflict_offers_the_three_ways_and_names_who_is_newer(self):
        r = row(by_kind("push_conflict"))
        self.assertEqual(r.text, "⛔ Not pushed: PRT-300 — alice has a newer version")
        self.assertEqual(keys(r), ["overwrite_theirs", "keep_as_copy", "discard_mine"])
        self.assertEqual([a.label for a in r.actions], ["Overwrite theirs", "Keep as a copy", "Discard mine"])
        self.assertEqual(r.actions[0].params, {"part_number": "PRT-300", "conflict_id": "e-7"})
        self.assertIn("conflict copy, bob", r.details[0])
        self.assertEqual(r.level, m.ERROR)

    def test_push_conflict_then_its_settlement_replace_each_other(self):
        log = m.ActivityLog(tz=UTC)
        log.add_signal(by_kind("push_conflict"))
        log.add_signal(replace(by_kind("push_conflict_resolved"), PartNumber="PRT-300"))
        self.assertEqual([r.kind for r in log.rows], ["push_conflict_resolved"])
        self.assertEqual(log.rows[0].actions, ())

    def test_overwrite_pushed_settles_the_refused_card(self):
        log = m.ActivityLog(tz=UTC)
        log.add_signal(by_kind("push_conflict"))
        log.add_signal(replace(by_kind("checkpoint_pushed"), PartNumber="PRT-300", Overwrote=True))
        self.assertEqual([r.kind for r in log.rows], ["checkpoint_pushed"])
        self.assertIn("stays on the server", log.rows[0].details[0])

    def test_document_replaced_says_what_it_holds_and_where_mine_went(self):
        r = row(by_kind("document_replaced"))
        self.assertEqual(r.text, "⬇ Updated: PRT-302")
        self.assertEqual(r.details[0], "PRT-302.FCStd now holds alice's checkpoint body_close of 14:00.")
        self.assertIn("PRT-302 (conflict copy, bob, 2026-02-16 14-05).FCStd", r.details[1])
        self.assertEqual(keys(r), ["open", "view_in_silo"])

    def test_status_counts_pushes_to_settle(self):
        text = m.status_text(net.SyncStatus(0, 0, 0, 0, net.ConnectionState.Connected, None, 2), UTC)
        self.assertIn("2 pushes to settle", text)

    def test_older_version_conflict_is_worded(self):
        r = row(replace(by_kind("file_conflict"), ConflictType="older_version"))
        self.assertIn("newer version than the one your subscription asks for", r.details[0])

    def test_checkpoint_queued_offline(self):
        r = row(by_kind("checkpoint_queued"))
        self.assertEqual(r.text, "⏳ Checkpoint queued (offline): PRT-104 (sketch_close)")
        self.assertIn("Server unreachable", r.details)
        self.assertEqual(r.level, m.WARNING)

    def test_revision_synced(self):
        r = row(by_kind("file_synced", IsCheckpoint=False))
        self.assertEqual(r.text, "⬇ Synced: PRT-100 rev 3 → rev 5")
        self.assertEqual(keys(r), [m.OPEN, m.VIEW_IN_SILO])
        self.assertEqual([a.label for a in r.actions], ["Open", "View in Silo →"])
        self.assertEqual(r.action(m.OPEN).params["path"], "/projects/PRT-100.FCStd")

    def test_first_revision_has_no_arrow(self):
        r = row(replace(by_kind("file_synced", IsCheckpoint=False), PreviousRevision=None))
        self.assertEqual(r.text, "⬇ Synced: PRT-100 rev 5")

    def test_checkpoint_synced(self):
        r = row(by_kind("file_synced", IsCheckpoint=True))
        self.assertEqual(r.text, "⬇ Updated: PRT-100 — alice finished editing Body")
        self.assertEqual(r.details, ("Working checkpoint (not a formal revision)",))
        self.assertEqual(keys(r), [m.OPEN, m.VIEW_IN_SILO])

    def test_deferred_waits_for_close(self):
        r = row(by_kind("file_deferred"))
        self.assertEqual(r.text, "⏸ Deferred: PRT-101 rev 4 — waiting for you to close PRT-101.FCStd")

    def test_conflict_offers_overwrite_and_skip(self):
        r = row(by_kind("file_conflict"))
        self.assertEqual(r.text, "⚠ Conflict: PRT-102 — a newer version is on the server")
        self.assertEqual(keys(r), [m.OVERWRITE, m.SKIP])
        self.assertEqual(r.action(m.SKIP).params, {"part_number": "PRT-102"})
        self.assertIn("PRT-102.FCStd: your local file changed since the last sync.", r.details)

    def test_untracked_keeps_file(self):
        r = row(by_kind("file_untracked"))
        self.assertEqual(r.text, "⊘ No longer tracked: PRT-099")
        self.assertIn("the file stays where it is", r.details[0])

    def test_presence_changed(self):
        r = row(by_kind("presence_changed"))
        self.assertEqual(r.text, "👥 Presence changed: PRT-100")
        self.assertEqual(r.merge_key, "presence:PRT-100")

    def test_soft_interference(self):
        r = row(by_kind("soft_interference"))
        self.assertEqual(r.text, "⚠ alice is editing Sketch003 on PRT-100")
        self.assertEqual(r.details, ("Shares downstream: Pad003, Fillet005",))
        self.assertEqual(r.actions, ())

    def test_soft_interference_long_node_list_is_shortened(self):
        r = row(replace(by_kind("soft_interference"), SharedNodes=[f"Pad{i}" for i in range(8)]))
        self.assertEqual(r.details, ("Shares downstream: Pad0, Pad1, Pad2, Pad3, Pad4 and 3 more",))

    def test_hard_interference_blocked(self):
        r = row(by_kind("hard_interference_blocked"))
        self.assertEqual(r.text, "🔒 Blocked: cannot edit Sketch001 on PRT-100")
        self.assertEqual(r.details, ("alice is editing on ws-alice (since 14:00)",))
        self.assertEqual(keys(r), [m.REQUEST_HANDOFF])
        self.assertEqual(r.action(m.REQUEST_HANDOFF).params, {"part_number": "PRT-100", "session_id": "s-alice", "holder": "alice"})

    def test_blocked_by_checkout_has_no_handoff(self):
        r = row(replace(by_kind("hard_interference_blocked"), HolderSessionId=None))
        self.assertEqual(r.details, ("alice has PRT-100 checked out (since 14:00)",))
        self.assertEqual(r.actions, ())

    def test_offline_editing(self):
        r = row(by_kind("offline_editing"))
        self.assertEqual(r.text, "📴 Offline editing: Sketch002 on PRT-103")
        self.assertIn("Server did not answer within 1.5 s", r.details)

    def test_handoff_requested(self):
        r = row(by_kind("handoff_requested"))
        self.assertEqual(r.text, "🔔 alice requests Sketch001 on PRT-100")
        self.assertEqual(r.details, ('"Would like to edit the mounting holes"',))
        self.assertEqual([a.label for a in r.actions], ["Release Now", "Defer", "Dismiss"])
        self.assertEqual(r.action(m.RELEASE_NOW).params["session_id"], "s-mine")

    def test_leave_context_requested(self):
        self.assertEqual(row(by_kind("leave_context_requested")).text, "↩ Releasing Sketch001 on PRT-100")

    def test_sync_error(self):
        r = row(by_kind("sync_error"))
        self.assertEqual(r.text, "❌ Sync error: PRT-105 — Hash mismatch after download")
        self.assertEqual(r.level, m.ERROR)
        self.assertEqual(row(net.SyncError(None, "boom")).text,
                         "❌ Sync error: boom")

    def test_unknown_kind_still_shows(self):
        class BrandNew:
            Kind = "brand_new"

            def __str__(self):
                return "BrandNew { X = 1 }"

        r = row(BrandNew())
        self.assertEqual(r.text, "• Event: brand_new")
        self.assertEqual(r.details, ("BrandNew { X = 1 }",))


class LogTests(unittest.TestCase):
    def test_newest_on_top_and_header(self):
        log = m.ActivityLog(tz=UTC)
        log.set_status(sample_events.STATUS)
        for e in sample_events.EVENTS:
            log.add_signal(e)
        self.assertEqual(log.rows[0].kind, "document_replaced")
        self.assertEqual(log.rows[-1].kind, "checkpoint_pushed")
        self.assertEqual(len(log.rows), len(sample_events.EVENTS))
        self.assertEqual(log.header_text(), "🟢 Connected   2 pending · 1 checkpoint queued · 1 deferred · "
                                            "1 conflict · last sync 14:05")

    def test_connection_states(self):
        log = m.ActivityLog()
        self.assertTrue(log.header_text().startswith("⚪ Not started"), log.header_text())
        for state, text in ((net.ConnectionState.Reconnecting, "🟡 Reconnecting…"), (net.ConnectionState.Offline, "🔴 Offline"),
                            (net.ConnectionState.Connected, "🟢 Connected")):
            log.set_status(replace(sample_events.STATUS, Connection=state))
            self.assertTrue(log.header_text().startswith(text), log.header_text())

    def test_status_carries_connection(self):
        log = m.ActivityLog()
        log.set_status(net.SyncStatus(0, 0, 0, 0, net.ConnectionState.Offline, None))
        self.assertEqual(log.header_text(), "🔴 Offline   0 pending · 0 checkpoints queued · 0 deferred · "
                                            "0 conflicts · never synced")

    def test_cap(self):
        log = m.ActivityLog(cap=5)
        for i in range(12):
            log.add_signal(net.SyncError(None, str(i)))
        self.assertEqual([r.title for r in log.rows], [f"Sync error: {i}" for i in (11, 10, 9, 8, 7)])

    def test_bulk_sync_folds_file_rows(self):
        log = m.ActivityLog()
        log.add_signal(by_kind("checkpoint_pushed"))
        for e in sample_events.BULK:
            log.add_signal(e)
        self.assertEqual(len(log.rows), 2)
        bulk = log.rows[0]
        self.assertEqual(bulk.text, "⬇ Synced 12 files (PRT-200, PRT-201, PRT-202…)")
        self.assertEqual(bulk.details[0], "Subscription: Rover")
        self.assertEqual(len(bulk.details), 13)
        self.assertEqual(log.rows[1].kind, "checkpoint_pushed")

    def test_bulk_sync_without_file_rows(self):
        log = m.ActivityLog()
        log.add_signal(net.BulkSyncComplete(7, "all"))
        self.assertEqual(log.rows[0].text, "⬇ Synced 7 files (all subscriptions)")

    def test_sync_now_finished(self):
        self.assertEqual(row(net.SyncNowFinished(0, 0, 0)).text, "⟳ Sync Now finished: everything is up to date")
        waiting = row(net.SyncNowFinished(1, 2, 0))
        self.assertEqual(waiting.text, "⟳ Sync Now finished")
        self.assertEqual(waiting.details, ("2 downloads waiting for the file to be closed", "1 download to retry"))

    def test_presence_rows_replace_each_other(self):
        log = m.ActivityLog()
        log.add_signal(net.PresenceChanged("PRT-1"))
        log.add_signal(net.PresenceChanged("PRT-2"))
        log.add_signal(net.PresenceChanged("PRT-1"))
        self.assertEqual([r.part_number for r in log.rows], ["PRT-1", "PRT-2"])

    def test_dismiss_defer_settle(self):
        log = m.ActivityLog()
        handoff = log.add_signal(by_kind("handoff_requested"))
        conflict = log.add_signal(by_kind("file_conflict"))
        log.defer(handoff.row_id)
        self.assertIsNone(log.find(handoff.row_id))
        self.assertIn("the requester is not notified", log.notice)
        settled = log.settle(conflict.row_id, "Skipped: your local file is kept.")
        self.assertEqual(settled.actions, ())
        self.assertEqual(settled.details[-1], "Skipped: your local file is kept.")
        self.assertIsNotNone(log.remove(conflict.row_id))
        self.assertEqual(log.rows, [])

    def test_times_from_dotnet(self):
        self.assertEqual(m.format_hm(net.DateTimeOffset("2026-02-16T14:00:59.999+00:00"), UTC), "14:00")
        self.assertEqual(m.format_hm(net.DateTimeOffset("2026-02-16T16:30:00+02:00"), UTC), "14:30")
        self.assertEqual(m.local_time(net.DateTimeOffset("2026-02-16T16:30:00+02:00")),
                         dt.datetime(2026, 2, 16, 14, 30, tzinfo=UTC))
        self.assertEqual(m.format_hm(None), "?")

    def test_presence_details(self):
        lines = m.presence_details([fake_core.PRESENCE[1]], UTC)
        self.assertEqual(lines, ("bob is editing Sketch004 (sketch) since 14:10",))
        self.assertEqual(m.presence_details([]), ("Nobody else is editing it now.",))


class PresenceModelTests(unittest.TestCase):
    def test_dots(self):
        in_body, in_sketch = fake_core.PRESENCE
        self.assertEqual(presence_model.dot([in_body]), "🟢")
        self.assertEqual(presence_model.dot([in_body, in_sketch]), "🟡")
        self.assertEqual(presence_model.dot([]), "")

    def test_item_columns(self):
        item = fake_core.ITEMS[0]
        self.assertEqual(presence_model.item_columns(item, [replace(fake_core.PRESENCE[0], ContextLevel="assembly")]),
                         ("PRT-100", "Mounting Bracket", "🟢 (alice)"))
        locked = replace(item, LockedBy="dave")
        self.assertEqual(presence_model.item_columns(locked, None)[2], "🔒 (dave)")

    def test_group_targets(self):
        items = [replace(fake_core.ITEMS[0], Project=p) for p in ("B", "A", "B", None)]
        self.assertEqual(presence_model.group_targets(items, "project"), ["A", "B"])
        self.assertEqual(presence_model.group_targets(fake_core.ITEMS, "category"), ["Assemblies", "Brackets", "Plates"])


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
