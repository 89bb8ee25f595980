# End to end, lineage, bob's workstation: opens his copy of revision 1 (older than alice's newest
# checkpoint). Entering the sketch alice edits is blocked, and leaves the document exactly as it
# was: not modified. After alice's body_close, entering the body tells bob that a newer version
# exists (answered Edit anyway through SILOMOD_AUTO_ANSWER_STALE); he changes the Pad and leaves:
# the push is refused as stale, his file stays as it is, a conflict copy lies beside it, and the
# Activity pane offers Overwrite theirs / Keep as a copy / Discard mine.
#
# Args: sync_dir, part_number, file_path. Markers written: bob-blocked; waited for: go-body.
import os
import sys

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCAD as App  # noqa: E402
import FreeCADGui as Gui  # noqa: E402

PEER_TIMEOUT = 180


def main():
    a = harness.args()
    sync, pn, path = a["sync_dir"], a["part_number"], a["file_path"]

    from freecad.silo_mod import context, document, runtime
    from freecad.silo_mod.panels import activity, blocked_dialog, stale_dialog

    harness.join_silo("_lineage")
    events = []
    runtime.core().observe(runtime.core().facade.Signals, events.append)
    Gui.runCommand("Silo_ActivityPane")

    doc = App.openDocument(path)
    gui_doc = Gui.getDocument(doc.Name)
    harness.show_whole_part()
    source = context.source()
    # The document as opened: what being blocked must leave it as.
    harness.wait_until(lambda: runtime.core().facade.WasUnmodified(doc.Name), timeout=10)
    before = (document.gui_modified(doc), doc.isTouched(), harness.sha256(path))
    harness.detail("before_block", before)

    gui_doc.setEdit(doc.getObject("Sketch"))
    shown = harness.wait_until(lambda: dict(blocked_dialog.last_shown), timeout=60)
    harness.check("blocked from alice's sketch", "alice" in (shown or {}).get("text", ""), shown)
    harness.pump(1.0)
    doc = document.find_by_path(path)
    gui_doc = Gui.getDocument(doc.Name)
    after = (document.gui_modified(doc), doc.isTouched(), harness.sha256(path))
    harness.detail("after_block", after)
    harness.check("out of edit mode", gui_doc.getInEdit() is None, gui_doc.getInEdit())
    harness.check("not modified after the block", after == before and before[0] is False and before[1] is False, (before, after))
    harness.check("nothing pushed after the block", not [e for e in events if e.Kind in ("checkpoint_pushed", "checkpoint_queued")])
    harness.touch(os.path.join(sync, "bob-blocked"))

    harness.check("go-body received", harness.wait_for_file(os.path.join(sync, "go-body"), timeout=PEER_TIMEOUT))
    gui_doc.ActiveView.setActiveObject("pdbody", doc.getObject("Body"))
    prompt = harness.wait_until(lambda: dict(stale_dialog.last_shown), timeout=60)
    harness.detail("stale_prompt", prompt)
    harness.check("newer version prompt names alice's checkpoint", "alice's checkpoint body_close" in (prompt or {}).get("text", ""), prompt)
    harness.check("prompt offers Update, Edit anyway, Cancel",
                  sorted(b.replace("&", "") for b in (prompt or {}).get("buttons", [])) == ["Cancel", "Edit anyway", "Update"], prompt)
    harness.check("answered Edit anyway", (prompt or {}).get("choice") == "edit_anyway", prompt)
    harness.check("still in the body", source.entered(doc) == [("PartDesign", "Body")], source.entered(doc))

    doc.getObject("Pad").Length = 6
    doc.recompute()
    gui_doc.ActiveView.setActiveObject("pdbody", None)
    refused = harness.wait_until(lambda: [e for e in events if e.Kind == "push_conflict"], timeout=60)
    harness.check("push refused as stale", bool(refused), [e.Kind for e in events])
    conflict = refused[0] if refused else None
    harness.detail("push_conflict", conflict)
    mine = harness.sha256(path)
    harness.detail("bob_sha256", mine)
    copy = conflict.CopyPath if conflict else None
    harness.check("conflict copy beside the document", bool(copy) and os.path.dirname(copy) == os.path.dirname(path)
                  and os.path.exists(copy) and harness.sha256(copy) == mine, copy)
    harness.check("file kept as bob saved it", mine != before[2])
    head = conflict.Head if conflict else None
    harness.check("refusal names alice", head is not None and head.User == "alice", head)

    harness.show_whole_part()
    harness.pump(0.5)
    panel = activity.find_dock().widget()
    rows = [w for w in panel.findChildren(activity.RowWidget) if w.row.Kind == "push_conflict"]
    harness.check("pane offers the three ways", bool(rows) and sorted(rows[0].buttons) == ["discard_mine", "keep_as_copy", "overwrite_theirs"],
                  [sorted(w.buttons) for w in rows])
    harness.check("screenshot", bool(harness.screenshot("push_conflict_e2e")))


harness.run(main)
