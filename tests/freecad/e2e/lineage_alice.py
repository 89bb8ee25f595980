# End to end, lineage, alice's workstation: builds and tracks PRT-300 and saves it (the test makes
# that file revision 1 and gives bob a copy), enters the body and the sketch, and on the test's
# "go" changes the Pad and leaves: a body_close checkpoint on revision 1, the item's new head.
#
# Args: sync_dir, part_number, file_path. Markers written: alice-saved, alice-editing,
# alice-pushed; waited for: go-edit, go-leave.
import os
import sys

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCADGui as Gui  # noqa: E402
import parts  # noqa: E402

PEER_TIMEOUT = 180


def main():
    a = harness.args()
    sync, pn, path = a["sync_dir"], a["part_number"], a["file_path"]

    from freecad.silo_mod import context, document, runtime

    harness.join_silo()
    events = []
    runtime.core().observe(runtime.core().facade.Signals, events.append)

    doc = parts.bracket("PRT_300")
    document.mark_tracked(doc, pn)
    doc.saveAs(path)
    document.save(doc)
    harness.touch(os.path.join(sync, "alice-saved"))
    harness.check("go-edit received", harness.wait_for_file(os.path.join(sync, "go-edit"), timeout=PEER_TIMEOUT))

    gui_doc = Gui.getDocument(doc.Name)
    source = context.source()
    gui_doc.ActiveView.setActiveObject("pdbody", doc.getObject("Body"))
    harness.check("body entered", harness.wait_until(
        lambda: source.entered(doc) == [("PartDesign", "Body")], timeout=10))
    gui_doc.setEdit(doc.getObject("Sketch"))
    harness.check("sketch in edit", gui_doc.getInEdit() is not None)
    harness.touch(os.path.join(sync, "alice-editing"))

    harness.check("go-leave received", harness.wait_for_file(os.path.join(sync, "go-leave"), timeout=PEER_TIMEOUT))
    doc.getObject("Pad").Length = 14
    doc.recompute()
    gui_doc.resetEdit()
    gui_doc.ActiveView.setActiveObject("pdbody", None)
    pushed = harness.wait_until(lambda: [e for e in events if e.Kind == "checkpoint_pushed" and e.Context == "body_close"],
                                timeout=60)
    harness.check("body_close pushed", bool(pushed), [e.Kind for e in events])
    harness.check("pushed the saved file", bool(pushed) and pushed[0].FileHash == harness.sha256(path))
    harness.detail("saved_sha256", harness.sha256(path))
    harness.touch(os.path.join(sync, "alice-pushed"))


harness.run(main)
