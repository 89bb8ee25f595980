# The context source adapts FreeCAD to the core's protocol: entering and leaving sketches and bodies
# produce the expected (old, new) contexts; a block backs out of edit mode; an exit answered with
# checkpoint saves and submits the DAG; leave_context_requested leaves. The context engine is the
# core's own; only the gate behind it is a recording double: its decisions are tested in C#.
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCAD as App  # noqa: E402
import FreeCADGui as Gui  # noqa: E402
import parts  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recording_core import RecordingCore, block, checkpoint  # noqa: E402


def main():
    from freecad.silo_mod import context, document

    context.uninstall()  # the one InitGui installed talks to the real runtime
    core = RecordingCore()
    blocked = []

    def on_blocked(holder, part_number, object_id, message):
        blocked.append((holder, part_number, object_id))
        return True  # "Request Handoff"

    source = context.ContextSource(core_provider=lambda: core, on_blocked=on_blocked).install()
    harness.check("observer fallback (no kindred_sdk outside Kindred Create)", not source.uses_kindred)

    doc = parts.bracket("Tracked")
    document.mark_tracked(doc, "PRT-100")
    path = os.path.join(tempfile.mkdtemp(prefix="silomod-ctx-"), "PRT-100.FCStd")
    doc.saveAs(path)
    gui_doc = Gui.getDocument(doc.Name)
    sketch, sketch2, body = doc.getObject("Sketch"), doc.getObject("Sketch001"), doc.getObject("Body")
    harness.pump(0.5)

    changes = core.changes

    # 1. document → Sketch and back
    gui_doc.setEdit(sketch)
    harness.check("sketch in edit", gui_doc.getInEdit() is not None)
    harness.screenshot("context-sketch-in-edit")
    harness.check("enter sketch reported", changes() == [((None, None), ("Sketcher", "Sketch"))], changes())
    first = core.of("context_changed")[0]
    harness.check("cone of the sketch sent", first["new"]["dependency_cone"] == ["Pad", "Pocket", "Sketch001"], first["new"])
    harness.check("document facts sent", first["document"]["part_number"] == "PRT-100" and first["document"]["file_path"] == path,
                  first["document"])

    core.decisions.append(checkpoint("body_close", "s-1"))
    mtime = os.path.getmtime(path)
    doc.getObject("Pad").Length = 11  # something to save
    gui_doc.resetEdit()
    harness.check("leave sketch reported", changes()[1:] == [(("Sketcher", "Sketch"), (None, None))], changes())
    harness.wait_until(lambda: core.of("submit_checkpoint"), timeout=10)
    submitted = core.of("submit_checkpoint")
    harness.check("checkpoint submitted", len(submitted) == 1, submitted)
    if submitted:
        s = submitted[0]
        harness.check("checkpoint arguments", s["part_number"] == "PRT-100" and s["file_path"] == path
                      and s["context"] == "body_close" and s["session_id"] == "s-1", {k: v for k, v in s.items() if k != "dag"})
        edges = {(e["from"], e["to"]) for e in s["dag"]["edges"]}
        harness.check("checkpoint carries the DAG", ("Sketch", "Pad") in edges and len(s["dag"]["nodes"]) == len(doc.Objects))
    harness.check("document saved before the checkpoint", os.path.getmtime(path) > mtime)

    # 2. activating the body (no FreeCAD signal: found by polling)
    core.calls.clear()
    gui_doc.ActiveView.setActiveObject("pdbody", body)
    harness.wait_until(lambda: changes(), timeout=5)
    harness.check("body activation reported", changes() == [((None, None), ("PartDesign", "Body"))], changes())
    body_args = core.of("context_changed")[0]
    harness.check("body cone sent", body_args["new"]["dependency_cone"] == ["Pad", "Pocket", "Sketch", "Sketch001"], body_args["new"])

    # 3. a sketch inside the active body returns to the body
    gui_doc.setEdit(sketch2)
    gui_doc.resetEdit()
    harness.check("sketch in body: enter and back to the body", changes()[1:] == [
        (("PartDesign", "Body"), ("Sketcher", "Sketch001")),
        (("Sketcher", "Sketch001"), ("PartDesign", "Body"))], changes())

    # 4. a block backs out of edit mode and shows the holder; Request Handoff asks the core
    core.calls.clear()
    core.decisions.append(block("bob", "Sketch", "s-bob"))
    gui_doc.setEdit(sketch)
    harness.wait_until(lambda: blocked, timeout=5)
    harness.check("blocked: out of edit mode", gui_doc.getInEdit() is None, gui_doc.getInEdit())
    harness.check("blocked: only the entry was reported", changes() == [(("PartDesign", "Body"), ("Sketcher", "Sketch"))], changes())
    harness.check("blocked: hook got holder, part number, object",
                  len(blocked) == 1 and blocked[0][0]["user"] == "bob" and blocked[0][1:] == ("PRT-100", "Sketch"), blocked)
    harness.wait_until(lambda: core.of("request_handoff"), timeout=5)
    harness.check("request handoff sent", core.of("request_handoff") == [{"part_number": "PRT-100", "session_id": "s-bob"}],
                  core.of("request_handoff"))
    harness.check("state back in the body", source.state(doc).current == context.Context("PartDesign", "Body"), source.state(doc).current)

    # 5. the core asks to leave (Release Now after a handoff request)
    core.calls.clear()
    gui_doc.setEdit(sketch2)
    core.leave_requested("PRT-100", "Sketch001", "s-2")
    harness.check("leave request ends the edit", gui_doc.getInEdit() is None)
    core.leave_requested("PRT-100", "Body", "s-3")
    harness.check("leave request deactivates the body", gui_doc.ActiveView.getActiveObject("pdbody") is None)
    harness.check("leaving reported", changes() == [
        (("PartDesign", "Body"), ("Sketcher", "Sketch001")),
        (("Sketcher", "Sketch001"), ("PartDesign", "Body")),
        (("PartDesign", "Body"), (None, None))], changes())

    # 6. untracked documents are never reported
    core.calls.clear()
    plain = parts.bracket("Plain")
    plain_gui = Gui.getDocument(plain.Name)
    plain_gui.setEdit(plain.getObject("Sketch"))
    plain_gui.resetEdit()
    harness.pump(0.6)
    harness.check("untracked document not reported", core.of("context_changed") == [], core.calls)

    source.uninstall()


harness.run(main)
