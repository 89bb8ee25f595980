# End to end, alice's workstation (real core, real server): builds and tracks the part, saves it,
# activates the body and enters the sketch (edit sessions the test sees on the server), receives
# bob's handoff request, then on the test's "go" modifies the part and leaves sketch and body,
# which pushes a body_close checkpoint. The Activity pane shows the flow's events.
#
# Args: sync_dir (marker files shared with the test), part_number, file_path.
# Markers written: alice-editing, alice-handoff; waited for: go-leave.
import os
import sys

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCADGui as Gui  # noqa: E402
import parts  # noqa: E402

PEER_TIMEOUT = 150  # bob's FreeCAD starts, opens the file and is blocked within this


def kinds(events, kind, **fields):
    return [e for e in events if e.Kind == kind and all(getattr(e, k) == v for k, v in fields.items())]


def main():
    a = harness.args()
    sync, pn, path = a["sync_dir"], a["part_number"], a["file_path"]

    from freecad.silo_mod import context, document, runtime
    from freecad.silo_mod.panels import activity

    harness.join_silo()
    harness.check("clr bundled", runtime.core().clr_source == "bundled", runtime.core().clr_source)
    core = runtime.core()
    events = []
    core.observe(core.facade.Signals, events.append)

    Gui.runCommand("Silo_ActivityPane")
    dock = activity.find_dock()
    harness.check("activity pane open", dock is not None and dock.isVisible())

    doc = parts.bracket("PRT_E2E")
    document.mark_tracked(doc, pn)
    doc.saveAs(path)
    harness.check("saved tracked", document.part_number(doc) == pn and doc.FileName == path, doc.FileName)
    gui_doc = Gui.getDocument(doc.Name)
    source = context.source()
    harness.check("context source installed", source is not None)

    gui_doc.ActiveView.setActiveObject("pdbody", doc.getObject("Body"))
    body = [("PartDesign", "Body")]
    harness.check("body context (PartDesign)", harness.wait_until(lambda: source.entered(doc) == body, timeout=10),
                  source.entered(doc))

    gui_doc.setEdit(doc.getObject("Sketch"))
    harness.check("sketch in edit", gui_doc.getInEdit() is not None)
    harness.check("sketch context", source.entered(doc)[-1:] == [("Sketcher", "Sketch")],
                  source.entered(doc))
    harness.touch(os.path.join(sync, "alice-editing"))

    handoff = harness.wait_until(lambda: kinds(events, "handoff_requested"), timeout=PEER_TIMEOUT)
    harness.detail("handoff_event", handoff[0] if handoff else None)
    harness.check("handoff request received from bob", bool(handoff) and handoff[0].Requester == "bob"
                  and handoff[0].PartNumber == pn, handoff)
    harness.touch(os.path.join(sync, "alice-handoff"))
    harness.check("still editing after the request", gui_doc.getInEdit() is not None)

    harness.check("go-leave received", harness.wait_for_file(os.path.join(sync, "go-leave"), timeout=PEER_TIMEOUT))
    doc.getObject("Pad").Length = 12
    doc.recompute()
    gui_doc.resetEdit()
    gui_doc.ActiveView.setActiveObject("pdbody", None)
    harness.check("back at the document", harness.wait_until(lambda: source.entered(doc) == [], timeout=10),
                  source.entered(doc))

    pushed = harness.wait_until(lambda: kinds(events, "checkpoint_pushed", Context="body_close"), timeout=60)
    harness.detail("checkpoint_event", pushed[0] if pushed else None)
    harness.check("body_close checkpoint pushed", bool(pushed), [e.Kind for e in events])
    sha = harness.sha256(path)
    harness.detail("saved_sha256", sha)
    harness.check("checkpoint hash is the saved file's", bool(pushed) and pushed[0].FileHash == sha,
                  (pushed and pushed[0].FileHash, sha))
    harness.detail("event_kinds", [e.Kind for e in events])

    # The pane renders the real events of this flow: the handoff request and the pushed checkpoint.
    harness.show_whole_part()
    harness.pump(0.5)
    panel = dock.widget()
    titles = [w.title_label.text() for w in panel.findChildren(activity.RowWidget)]
    harness.detail("activity_rows", titles)
    harness.check("pane shows the handoff request", any("bob requests" in t for t in titles), titles)
    harness.check("pane shows the checkpoint", any(f"Checkpoint: {pn} (body_close)" in t for t in titles), titles)
    # The sketch session bob asked for ended with the checkpoint: its card offers nothing any more.
    card = harness.wait_until(lambda: next((r for r in panel.rows if r.Kind == "handoff_requested" and not list(r.Actions)), None),
                              timeout=30)
    harness.detail("handoff_card", list(card.Details) if card else [list(r.Details) for r in panel.rows if r.Kind == "handoff_requested"])
    harness.check("handoff card settled when the session ended", card is not None and "ended" in list(card.Details)[-1],
                  list(card.Details) if card else None)
    harness.check("screenshot", bool(harness.screenshot("activity_pane_e2e")))


harness.run(main)
