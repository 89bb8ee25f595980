"""FreeCAD GUI test: the Activity pane lays out the rows the core's feed gives and wires their buttons.

The wording, merging, settling and folding are the core's (tests/SiloMod.Core.Tests/Activity); here
the fake facade hands the pane rows of every shape and records what the buttons call.

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

    from fake_core import HEADER, FakeCore
    from freecad.silo_mod.panels import activity
    from sample_rows import PART_FILE, ROWS

    # A real file for the Open action.
    folder = tempfile.mkdtemp(prefix="silomod-activity-")
    part_file = os.path.join(folder, "PRT-100.FCStd")
    doc = FreeCAD.newDocument("PRT100")
    doc.addObject("Part::Box", "Box")
    doc.recompute()
    doc.saveAs(part_file)
    FreeCAD.closeDocument(doc.Name)
    rows = [replace(row, Actions=tuple(replace(a, Path=part_file) if a.Path == PART_FILE else a for a in row.Actions))
            for row in ROWS]

    # The feed already holds the oldest row when the pane opens.
    core = FakeCore({"ActivityRows": rows[:1]})
    A = net.ActivityActionKind
    mw = _harness.main_window()
    dock = activity.show_activity_pane(core)
    r.check("dock_in_right_area", mw.dockWidgetArea(dock) == QtCore.Qt.RightDockWidgetArea)
    r.check("created_once", activity.show_activity_pane(core) is dock
            and len(mw.findChildren(QtGui.QDockWidget, activity.DOCK_NAME)) == 1)
    panel = dock.widget()
    urls = []
    panel._open_url = urls.append
    panel._settings = lambda: {"server_url": "http://silo.example:5080"}
    r.check("snapshot_read_on_attach", core.calls_of("ActivityRows") == [()] and core.calls_of("ActivityHeader") == [()]
            and [row.Id for row in panel.rows] == [1])
    r.check("header_from_the_core", panel.header.text() == HEADER.Text, panel.header.text())

    # The feed's own change for a row of the snapshot (queued behind it) adds it once.
    for row in rows:
        core.emit_activity("Added", row)
    _harness.pump(200)

    r.check("one_widget_per_row", len(panel._widgets) == len(panel.rows) == len(rows), (len(panel._widgets), len(panel.rows)))
    r.check("newest_on_top", [row.Id for row in panel.rows] == [row.Id for row in reversed(rows)])
    texts = {row.Kind: panel.row_widget(row.Id).title_label.text() for row in panel.rows}
    r.check("title_is_the_rows_text", texts["checkpoint_pushed"] == "⬆ Checkpoint: PRT-100 (body_close) — 3 subscribers notified"
            and texts["handoff_requested"] == "🔔 alice requests Sketch001 on PRT-100", texts)
    bulk = panel.row_widget(2)
    r.check("every_detail_line_shown", len(bulk.findChildren(QtGui.QLabel)) == 1 + len(rows[1].Details))
    r.check("buttons_named_by_key", sorted(panel.row_widget(10).buttons) == ["discard_mine", "keep_as_copy", "overwrite_theirs"])
    r.extra["rows"] = [row.Text for row in panel.rows]

    # The header follows the feed's changes.
    core.emit_activity("Header", header=net.ActivityHeader("🟡 Reconnecting…   2 pending", ""))
    r.check("header_reconnecting", panel.header.text().startswith("🟡 Reconnecting"))
    core.emit_activity("Header")

    # As a user first sees it: the dock at the width FreeCAD gives it, nothing cut at the right edge.
    _harness.pump(300)
    r.extra["dock_width"] = dock.width()
    r.check("nothing clipped at the default dock width", not _harness.clipped(panel), _harness.clipped(panel))
    _harness.screenshot("activity_pane")

    def click(row_id, key):
        panel.row_widget(row_id).buttons[key].click()
        return core.calls_of("PerformActivity")[-1] if core.calls_of("PerformActivity") else None

    r.check("request_handoff_performed_by_the_core", click(6, "request_handoff") == (6, A.RequestHandoff))
    settled = replace(rows[5], Actions=(), Level=net.ActivityLevel.Info,
                      Details=rows[5].Details + ("Handoff requested from alice — you are told when they release it.",))
    core.emit_activity("Settled", settled)
    widget = panel.row_widget(6)
    r.check("settled_row_redrawn_without_buttons", widget.row is settled and not widget.buttons
            and panel.rows.index(settled) == [row.Id for row in panel.rows].index(6))

    r.check("release_now_performed", click(7, "release_now") == (7, A.ReleaseNow))
    r.check("defer_performed", click(7, "defer") == (7, A.Defer))
    core.emit_activity("Removed", rows[6], net.ActivityHeader(HEADER.Text, "Deferred 'alice requests Sketch001 on PRT-100' — only hidden here; "
                                                                "the requester is not notified."))
    r.check("removed_row_goes_and_notice_shows", panel.find(7) is None and panel.row_widget(7) is None
            and not panel.notice.isHidden() and "not notified" in panel.notice.text())
    r.check("overwrite_performed", click(4, "overwrite") == (4, A.Overwrite))
    r.check("skip_performed", click(4, "skip") == (4, A.Skip))
    r.check("overwrite_theirs_performed", click(10, "overwrite_theirs") == (10, A.OverwriteTheirs))

    calls_before = len(core.calls)
    click(3, "view_in_silo")
    r.check("view_in_silo_opens_the_url_here", urls == ["http://silo.example:5080/items/PRT-100"] and len(core.calls) == calls_before, urls)
    click(3, "open")
    _harness.pump(300)
    active = FreeCAD.ActiveDocument
    r.check("open_opens_document", active is not None and os.path.samefile(active.FileName, part_file),
            active and active.FileName)
    r.check("local_actions_call_nothing", len(core.calls) == calls_before)

    _harness.screenshot("activity_pane_after_actions")

    core.emit_activity("Removed", net.ActivityRow("sync_error", "❌", "gone already", Id=99))
    r.check("removal_of_an_unknown_row_is_ignored", len(panel.rows) == len(rows) - 1)
    clear = next(b for b in panel.findChildren(QtGui.QPushButton) if b.text() == "Clear")
    clear.click()
    r.check("clear_asks_the_core", core.calls_of("ClearActivity") == [()])
    core.emit_activity("Cleared")
    r.check("cleared_shows_empty", panel.rows == [] and not panel._widgets and not panel.empty.isHidden())

    dock.hide()
    activity.toggle_activity_pane(core)
    r.check("toggle_shows_again", dock.isVisible())
    activity.toggle_activity_pane(core)
    r.check("toggle_hides", not dock.isVisible())


_harness.run("activity_pane", body)
