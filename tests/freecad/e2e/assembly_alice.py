# End to end in FreeCAD 1.x, alice's workstation (real core, real server): builds an assembly
# holding the bracket's body, tracks and saves it, enters the assembly's edit mode (an assembly edit
# session) and activates the body inside it (a body session nested under it), both of which the test
# sees on the server while bob is kept out. On the test's "go" she leaves the body, moves the part in
# the assembly and leaves the assembly: an assembly_close checkpoint of the saved file.
#
# Args: sync_dir (marker files shared with the test), part_number, file_path.
# Markers written: alice-in-assembly; waited for: go-leave.
import os
import sys

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCADGui as Gui  # noqa: E402
import parts  # noqa: E402

PEER_TIMEOUT = 150


def kinds(events, kind, **fields):
    return [e for e in events if e.Kind == kind and all(getattr(e, k) == v for k, v in fields.items())]


def main():
    a = harness.args()
    sync, pn, path = a["sync_dir"], a["part_number"], a["file_path"]

    from freecad.silo_mod import context, document, runtime
    from freecad.silo_mod.panels import activity

    harness.join_silo()
    core = runtime.core()
    events = []
    core.observe(core.facade.Signals, events.append)
    Gui.runCommand("Silo_ActivityPane")
    dock = activity.find_dock()

    doc = parts.assembly("ASM_E2E")
    document.mark_tracked(doc, pn)
    doc.saveAs(path)
    gui_doc = Gui.getDocument(doc.Name)
    source = context.source()
    asm, body = ("Assembly", "Assembly"), ("PartDesign", "Body")

    gui_doc.setEdit(doc.getObject("Assembly"))
    harness.check("assembly context", harness.wait_until(lambda: source.entered(doc) == [asm], timeout=10),
                  source.entered(doc))
    gui_doc.ActiveView.setActiveObject("pdbody", doc.getObject("Body"))
    harness.check("body nested in the assembly", harness.wait_until(lambda: source.entered(doc) == [asm, body], timeout=10),
                  source.entered(doc))
    harness.check("still in the assembly's edit mode", gui_doc.getInEdit() is not None)
    harness.touch(os.path.join(sync, "alice-in-assembly"))

    harness.check("go-leave received", harness.wait_for_file(os.path.join(sync, "go-leave"), timeout=PEER_TIMEOUT))
    gui_doc.ActiveView.setActiveObject("pdbody", None)
    harness.check("body left, assembly kept", harness.wait_until(lambda: source.entered(doc) == [asm], timeout=10),
                  source.entered(doc))
    # Leaving the body pushed what the file held then; the move below is the assembly's own change.
    harness.check("body_close checkpoint pushed",
                  harness.wait_until(lambda: kinds(events, "checkpoint_pushed", Context="body_close"), timeout=60),
                  [e.Kind for e in events])
    part = doc.getObject("Body")
    moved = part.Placement
    moved.Base.x += 30
    part.Placement = moved
    doc.recompute()
    gui_doc.resetEdit()
    harness.check("assembly left", harness.wait_until(lambda: source.entered(doc) == [], timeout=10),
                  source.entered(doc))

    pushed = harness.wait_until(lambda: kinds(events, "checkpoint_pushed", Context="assembly_close"), timeout=60)
    harness.detail("checkpoint_event", pushed[0] if pushed else None)
    harness.check("assembly_close checkpoint pushed", bool(pushed), [e.Kind for e in events])
    sha = harness.sha256(path)
    harness.detail("saved_sha256", sha)
    harness.check("checkpoint hash is the saved file's", bool(pushed) and pushed[0].FileHash == sha,
                  (pushed and pushed[0].FileHash, sha))
    harness.detail("event_kinds", [e.Kind for e in events])

    harness.show_whole_part()
    harness.pump(0.5)
    titles = [w.title_label.text() for w in dock.widget().findChildren(activity.RowWidget)]
    harness.detail("activity_rows", titles)
    harness.check("pane shows the assembly checkpoint", any(f"Checkpoint: {pn} (assembly_close)" in t for t in titles), titles)
    harness.check("screenshot", bool(harness.screenshot("activity_pane_assembly")))


harness.run(main)
