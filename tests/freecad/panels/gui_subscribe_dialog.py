"""FreeCAD GUI test: Subscribe dialog (search, presence dots, policy note, subscribe calls), then the
Manage Subscriptions and Sync Status dialogs, each screenshotted.

QTWEBENGINE_DISABLE_SANDBOX=1 xvfb-run -a -s "-screen 0 1600x1000x24" freecad tests/freecad/panels/gui_subscribe_dialog.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _harness  # noqa: E402



import fake_dotnet as net  # noqa: E402


def column(dialog, index):
    return [row.text(index) for row in dialog.rows()]


def subscribe(r, core):
    from freecad.silo_mod.panels import subscribe_dialog

    d = subscribe_dialog.SubscribeDialog(core, search_delay_ms=10)
    d.show()
    _harness.pump(200)
    # Presence is asked of the server for the items listed, not taken from what this workstation follows.
    listed = [i.PartNumber for i in core.calls_of("SearchPresence")[0][0]] if core.calls_of("SearchPresence") else None
    r.check("search_and_presence_called", core.calls_of("SearchItems") == [(None,)]
            and listed == ["PRT-100", "PRT-101", "ASM-200", "PRT-102"] and not core.calls_of("Presence"), core.calls)
    r.check("items_listed", column(d, 0) == ["PRT-100", "PRT-101", "ASM-200", "PRT-102"], column(d, 0))
    r.check("presence_dots", column(d, 2) == ["🟢 (alice)", "", "🟡 (bob)", "🔒 (dave)"], column(d, 2))
    r.check("default_policy_latest_released", d.current_policy() == "latest_released" and not d.note.isVisible())
    d.set_policy("latest")
    _harness.pump(50)
    r.check("latest_note_shown", d.note.isVisible() and d.note.text() ==
            'Note: "Latest" includes working checkpoints from other users\' editing sessions.')
    d.set_checked("PRT-100")
    d.set_checked("PRT-101")
    _harness.pump(100)
    r.check("subscribe: nothing clipped", not _harness.clipped(d), _harness.clipped(d))
    _harness.screenshot("subscribe_dialog")

    d.search.setText("bracket")
    _harness.pump(300)
    r.check("search_filters", core.calls_of("SearchItems")[-1] == ("bracket",) and column(d, 0) == ["PRT-100"],
            column(d, 0))
    d.search.setText("")
    _harness.pump(300)

    d.type_buttons["project"].click()
    _harness.pump(50)
    r.check("projects_listed", column(d, 0) == ["Drive", "Rover"], column(d, 0))
    d.type_buttons["item"].click()
    d.set_checked("PRT-100")
    d.set_checked("ASM-200")
    d.set_policy("pinned")
    d.pinned.setValue(4)
    _harness.pump(50)
    r.check("pinned_spin_shown", d.pinned.isVisible() and not d.note.isVisible())
    d.subscribe_button.click()
    r.check("subscribe_per_checked_entry", core.calls_of("Subscribe") == [
        ("item", "PRT-100", "pinned", 4), ("item", "ASM-200", "pinned", 4)], core.calls_of("Subscribe"))
    r.check("dialog_closed_after_subscribe", not d.isVisible() and d.result() == 1)


def subscriptions(r, core):
    from freecad.silo_mod.panels import subscriptions_dialog

    d = subscriptions_dialog.SubscriptionsDialog(core)
    d.show()
    _harness.pump(200)
    r.check("subscriptions_rows", d.table.rowCount() == 2 and d.table.item(0, 1).text() == "PRT-100")
    paused = d.table.cellWidget(0, 4)
    r.check("paused_state_shown", not paused.isChecked() and d.table.cellWidget(1, 4).isChecked())
    r.check("subscriptions: nothing clipped", not _harness.clipped(d), _harness.clipped(d))
    _harness.screenshot("subscriptions_dialog")
    paused.setChecked(True)
    r.check("pause_calls_update", core.calls_of("UpdateSubscription")[-1] == ("sub-1", net.SubscriptionUpdate(Paused=True)))
    policy = d.table.cellWidget(1, 2)
    policy.setCurrentIndex(policy.findData("pinned"))
    r.check("policy_calls_update", core.calls_of("UpdateSubscription")[-1] ==
            ("sub-2", net.SubscriptionUpdate("pinned", 1)), core.calls_of("UpdateSubscription"))
    d.table.cellWidget(0, 6).click()
    r.check("unsubscribe_called", core.calls_of("Unsubscribe") == [("sub-1",)])
    r.check("list_reread_after_unsubscribe", len(core.calls_of("ListSubscriptions")) == 2)
    d.close()


def sync_status(r, core):
    from freecad.silo_mod.panels import sync_status as module

    d = module.SyncStatusDialog(core)
    d.show()
    _harness.pump(200)
    r.check("status_counts", [d.counts[k].text() for k in ("pending", "checkpoints", "deferred", "conflicts")]
            == ["2", "1", "1", "1"])
    r.check("status_words_from_the_core", d.connection.text() == "● Connected"
            and d.last_sync.text() == "14:05", (d.connection.text(), d.last_sync.text()))
    r.check("sync status: nothing clipped", not _harness.clipped(d), _harness.clipped(d))
    _harness.screenshot("sync_status")
    d.sync_button.click()
    r.check("sync_now_called", core.calls_of("SyncNow") == [()])
    r.check("sync_now_returns_while_syncing", not d.sync_button.isEnabled() and d.message.text() == "Syncing…",
            d.message.text())
    core.emit_status(net.SyncStatus(0, 1, 1, 1, net.ConnectionState.Connected, None))
    core.emit_activity("Added", net.ActivityRow("sync_error", "❌", "Sync error: PRT-105 — Hash mismatch after download", PartNumber="PRT-105"))
    r.check("sync_progress_shown", d.counts["pending"].text() == "0" and not d.sync_button.isEnabled())
    core.emit_activity("Added", net.ActivityRow("sync_now_finished", "⟳", "Sync Now finished", ("1 download waiting for the file to be closed",)))
    r.check("sync_now_end_shown", d.sync_button.isEnabled() and d.message.text() == "⟳ Sync Now finished", d.message.text())
    d.sync_button.click()
    core.emit_activity("Added", net.ActivityRow("sync_error", "❌", "Sync error: Sync Now did not finish: the server is not answering."))
    r.check("sync_now_failure_shown", d.sync_button.isEnabled() and "not answering" in d.message.text(), d.message.text())
    core.emit_status(net.SyncStatus(0, 0, 0, 0, net.ConnectionState.Offline, None))
    r.check("connection_change_updates", d.connection.text() == "● Offline")
    core.emit_status(net.SyncStatus(7, 0, 0, 0, net.ConnectionState.Reconnecting, None))
    r.check("status_event_updates", d.counts["pending"].text() == "7" and d.connection.text() == "● Reconnecting"
            and d.last_sync.text() == "never")
    d.close()


def body(r):
    from fake_core import FakeCore

    subscribe(r, FakeCore())
    subscriptions(r, FakeCore())
    sync_status(r, FakeCore())


_harness.run("subscribe_dialog", body)
