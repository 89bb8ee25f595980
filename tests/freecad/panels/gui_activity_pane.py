"""FreeCAD GUI test: the Activity pane renders one event of every kind and its buttons call the core.

QTWEBENGINE_DISABLE_SANDBOX=1 xvfb-run -a -s "-screen 0 1600x1000x24" freecad tests/freecad/panels/gui_activity_pane.py
"""

import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _harness  # noqa: E402  (sets up the import paths)
from _harness import QtCore, QtGui  # noqa: E402
from dataclasses import replace  # noqa: E402

import fake_dotnet as net  # noqa: E402


def body(r):
    import FreeCAD

    from fake_core import FakeCore
    from freecad.silo_mod.panels import activity
    import sample_events

    # A real file for the Open action.
    folder = tempfile.mkdtemp(prefix="silomod-activity-")
    part_file = os.path.join(folder, "PRT-100.FCStd")
    doc = FreeCAD.newDocument("PRT100")
    doc.addObject("Part::Box", "Box")
    doc.recompute()
    doc.saveAs(part_file)
    FreeCAD.closeDocument(doc.Name)

    events = [replace(e, Path=part_file) if getattr(e, "Path", None) == "/projects/PRT-100.FCStd" else e
              for e in sample_events.EVENTS]
    handoff_request = next(e for e in events if e.Kind == "handoff_requested")

    core = FakeCore()
    mw = _harness.main_window()
    dock = activity.show_activity_pane(core)
    r.check("dock_in_right_area", mw.dockWidgetArea(dock) == QtCore.Qt.RightDockWidgetArea)
    r.check("created_once", activity.show_activity_pane(core) is dock
            and len(mw.findChildren(QtGui.QDockWidget, activity.DOCK_NAME)) == 1)
    panel = dock.widget()
    urls = []
    panel._open_url = urls.append
    panel._settings = lambda: {"server_url": "http://silo.example:5080"}
    r.check("status_read_on_attach", core.calls_of("Status") == [()] and core.calls_of("PushConflicts") == [()])

    for e in sample_events.BULK + events:
        core.emit(e)
    _harness.pump(200)

    log = panel.log
    kinds = {row.kind for row in log.rows}
    expected = set(sample_events.ALL_KINDS)
    r.check("every_kind_has_a_row", expected <= kinds, sorted(expected - kinds))
    r.check("one_widget_per_row", len(panel._widgets) == len(log.rows) == len(events) + 1,
            (len(panel._widgets), len(log.rows)))
    r.check("newest_on_top", log.rows[0].kind == sample_events.EVENTS[-1].Kind)
    header = panel.header.text()
    r.check("header_connection_and_counts", header.startswith("🟢 Connected") and "2 pending" in header
            and "1 conflict" in header, header)
    bulk = next(row for row in log.rows if row.kind == "bulk_sync_complete")
    r.check("bulk_grouped", bulk.title.startswith("Synced 12 files (PRT-200"), bulk.title)
    presence = next(row for row in log.rows if row.kind == "presence_changed")
    r.check("presence_details_from_core", core.calls_of("Presence") == [("PRT-100",)]
            and presence.details and presence.details[0].startswith("alice is editing Body"), presence.details)
    texts = {row.kind: panel.row_widget(row.row_id).title_label.text() for row in log.rows}
    r.check("checkpoint_text", texts["checkpoint_pushed"] == "⬆ Checkpoint: PRT-100 (body_close) — 3 subscribers notified")
    r.check("handoff_text", texts["handoff_requested"] == "🔔 alice requests Sketch001 on PRT-100")
    r.extra["rows"] = [row.text for row in log.rows]

    # The connection line follows the core's status.
    core.emit_status(replace(sample_events.STATUS, Connection=net.ConnectionState.Reconnecting))
    r.check("header_reconnecting", panel.header.text().startswith("🟡 Reconnecting"))
    core.emit_status(sample_events.STATUS)

    # As a user first sees it: the dock at the width FreeCAD gives it, nothing cut at the right edge.
    _harness.pump(300)
    r.extra["dock_width"] = dock.width()
    r.check("nothing clipped at the default dock width", not _harness.clipped(panel), _harness.clipped(panel))
    _harness.screenshot("activity_pane")

    def button(kind, key, **match):
        row = next(x for x in log.rows if x.kind == kind and all(getattr(x, k) == v for k, v in match.items()))
        return row, panel.row_widget(row.row_id).buttons[key]

    row, b = button("hard_interference_blocked", "request_handoff")
    b.click()
    r.check("request_handoff_called", core.calls_of("RequestHandoff") == [("PRT-100", "s-alice", None)])
    r.check("blocked_row_settled", log.find(row.row_id).actions == ())

    row, b = button("handoff_requested", "release_now")
    b.click()
    r.check("release_now_called", core.calls_of("ReleaseNow") == [("s-mine",)])

    core.emit(handoff_request)  # a second handoff request, to defer
    calls_before_defer = len(core.calls)
    row, b = button("handoff_requested", "defer", actions=log.rows[0].actions)
    b.click()
    r.check("defer_removes_row_locally", log.find(row.row_id) is None and "not notified" in panel.notice.text()
            and len(core.calls) == calls_before_defer)
    core.emit(handoff_request)
    row = log.rows[0]
    panel.row_widget(row.row_id).buttons["dismiss"].click()
    r.check("dismiss_removes_row", log.find(row.row_id) is None)

    row, b = button("file_conflict", "overwrite")
    b.click()
    r.check("overwrite_called", core.calls_of("ResolveConflict") == [("PRT-102", net.ConflictChoice.Overwrite)])
    core.emit(net.FileConflict("PRT-106", "/x/PRT-106.FCStd", "local_modified"))
    panel.row_widget(log.rows[0].row_id).buttons["skip"].click()
    r.check("skip_called", core.calls_of("ResolveConflict")[-1] == ("PRT-106", net.ConflictChoice.Skip))

    row, b = button("push_conflict", "overwrite_theirs")
    b.click()
    r.check("overwrite_theirs_called", core.calls_of("ResolvePushConflict") == [("PRT-300", net.PushConflictChoice.OverwriteTheirs, "e-7")])
    r.check("push_conflict_row_settled", log.find(row.row_id).actions == ())

    row, b = button("file_synced", "view_in_silo", title="Synced: PRT-100 rev 3 → rev 5")
    b.click()
    r.check("view_in_silo_url", urls == ["http://silo.example:5080/items/PRT-100"], urls)
    b = panel.row_widget(row.row_id).buttons["open"]
    b.click()
    _harness.pump(300)
    active = FreeCAD.ActiveDocument
    r.check("open_opens_document", active is not None and os.path.samefile(active.FileName, part_file),
            active and active.FileName)

    _harness.screenshot("activity_pane_after_actions")

    dock.hide()
    activity.toggle_activity_pane(core)
    r.check("toggle_shows_again", dock.isVisible())
    activity.toggle_activity_pane(core)
    r.check("toggle_hides", not dock.isVisible())


_harness.run("activity_pane", body)
