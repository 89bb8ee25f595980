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
from recording_core import RecordingCore, block, checkpoint, cone  # noqa: E402


def main():
    from freecad.silo_mod import context, document

    context.uninstall()  # the one InitGui installed talks to the real runtime
    core = RecordingCore()
    blocked = []

    def on_blocked(shown):
        blocked.append((shown.Holder.User, shown.PartNumber, shown.ObjectId))
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
    first = core.of("ContextChanged")[0]
    harness.check("cone of the sketch sent", cone(first.New) == ["Pad", "Pocket", "Sketch001"], cone(first.New))
    harness.check("document facts sent", first.Document.PartNumber == "PRT-100" and first.Document.FilePath == path,
                  str(first.Document))

    core.decisions.append(checkpoint("body_close", "s-1"))
    mtime = os.path.getmtime(path)
    doc.getObject("Pad").Length = 11  # something to save
    gui_doc.resetEdit()
    harness.check("leave sketch reported", changes()[1:] == [(("Sketcher", "Sketch"), (None, None))], changes())
    harness.wait_until(lambda: core.of("SubmitCheckpoint"), timeout=10)
    submitted = core.of("SubmitCheckpoint")
    harness.check("checkpoint submitted", len(submitted) == 1, [str(s) for s in submitted])
    if submitted:
        s = submitted[0]
        harness.check("checkpoint arguments", s.PartNumber == "PRT-100" and s.FilePath == path
                      and s.Context == "body_close" and s.SessionId == "s-1", (s.PartNumber, s.FilePath, s.Context, s.SessionId))
        edges = {(e.From, e.To) for e in s.Dag.Edges}
        harness.check("checkpoint carries the DAG", ("Sketch", "Pad") in edges and s.Dag.Nodes.Count == len(doc.Objects))
    harness.check("document saved before the checkpoint", os.path.getmtime(path) > mtime)

    # 2. activating the body (no FreeCAD signal: found by polling)
    core.calls.clear()
    gui_doc.ActiveView.setActiveObject("pdbody", body)
    harness.wait_until(lambda: changes(), timeout=5)
    harness.check("body activation reported", changes() == [((None, None), ("PartDesign", "Body"))], changes())
    body_change = core.of("ContextChanged")[0]
    harness.check("body cone sent", cone(body_change.New) == ["Pad", "Pocket", "Sketch", "Sketch001"], cone(body_change.New))

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
                  blocked == [("bob", "PRT-100", "Sketch")], blocked)
    harness.wait_until(lambda: core.of("RequestHandoff"), timeout=5)
    harness.check("request handoff sent", core.of("RequestHandoff") == [("PRT-100", "s-bob")], core.of("RequestHandoff"))
    harness.check("state back in the body", source.entered(doc)[-1:] == [("PartDesign", "Body")], source.entered(doc))

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
    harness.check("untracked document not reported", core.changes() == [], core.changes())

    source.uninstall()


harness.run(main)
