# FreeCAD 1.x assemblies through the context source, against a recording core: entering the
# assembly's edit mode is an Assembly context (its view provider has no .Object); a body activated
# inside it nests under it; a sketch edited inside that body does not count as leaving the assembly,
# though FreeCAD leaves the assembly's edit mode for it and enters it again after; leaving the
# assembly reports its exit (the core answers assembly_close, which is saved and submitted); a
# refused assembly is backed out of; the core's leave request lets go of it.
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCADGui as Gui  # noqa: E402
import parts  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recording_core import SETTLE_MS, RecordingCore, block, checkpoint  # noqa: E402

DOC = (None, None)
ASM = ("Assembly", "Assembly")
BODY = ("PartDesign", "Body")
SKETCH = ("Sketcher", "Sketch001")


def main():
    from freecad.silo_mod import context, document

    context.uninstall()  # the one InitGui installed talks to the real runtime
    core = RecordingCore()
    blocked = []

    def on_blocked(shown):
        blocked.append((shown.PartNumber, shown.ObjectId))
        return False

    source = context.ContextSource(core_provider=lambda: core, on_blocked=on_blocked).install()
    doc = parts.assembly("Gearbox")
    document.mark_tracked(doc, "ASM-100")
    path = os.path.join(tempfile.mkdtemp(prefix="silomod-asm-"), "ASM-100.FCStd")
    doc.saveAs(path)
    gui_doc = Gui.getDocument(doc.Name)
    asm, body, sketch = doc.getObject("Assembly"), doc.getObject("Body"), doc.getObject("Sketch001")
    harness.check("assembly view provider has no .Object", not hasattr(asm.ViewObject, "Object"), type(asm.ViewObject).__name__)
    harness.pump(0.5)

    def settle():
        # The poll tick and the assembly's settling (SETTLE_MS) run on the event loop.
        harness.pump(0.4 + 2 * SETTLE_MS / 1000)
        return core.changes()

    # 1. the assembly's edit mode, a body inside it, a sketch inside the body, and out again
    gui_doc.setEdit(asm)
    harness.check("enter assembly reported", settle() == [(DOC, ASM)], core.changes())
    entry = core.of("ContextChanged")[0]
    harness.check("assembly context carries the document", entry.Document.PartNumber == "ASM-100"
                  and entry.New.DependencyCone is None, str(entry))

    gui_doc.ActiveView.setActiveObject("pdbody", body)
    harness.check("body nests under the assembly", settle()[1:] == [(ASM, BODY)], core.changes())
    harness.check("still in the assembly's edit mode", gui_doc.getInEdit() is not None)

    gui_doc.setEdit(sketch)
    harness.check("sketch inside: FreeCAD left the assembly's edit mode", gui_doc.getInEdit() is not None
                  and getattr(gui_doc.getInEdit(), "Object", None) == sketch)
    gui_doc.resetEdit()
    harness.check("FreeCAD re-entered the assembly", gui_doc.getInEdit() is not None and not hasattr(gui_doc.getInEdit(), "Object"))
    harness.check("sketch in and out, the assembly kept", settle()[2:] == [(BODY, SKETCH), (SKETCH, BODY)], core.changes())
    harness.check("stack", source.entered(doc) == [ASM, BODY], source.entered(doc))

    gui_doc.ActiveView.setActiveObject("pdbody", None)
    harness.check("body left, back in the assembly", settle()[4:] == [(BODY, ASM)], core.changes())

    core.decisions.append(checkpoint("assembly_close", "s-asm"))
    moved = body.Placement  # an assembly edit: the part moved
    moved.Base.x = 25
    body.Placement = moved
    doc.recompute()
    gui_doc.resetEdit()
    harness.check("leaving the assembly is reported once settled", settle()[5:] == [(ASM, DOC)], core.changes())
    harness.wait_until(lambda: core.of("SubmitCheckpoint"), timeout=10)
    submitted = core.of("SubmitCheckpoint")
    harness.check("assembly_close checkpoint submitted", len(submitted) == 1 and submitted[0].Context == "assembly_close"
                  and submitted[0].SessionId == "s-asm" and submitted[0].FilePath == path,
                  [(s.Context, s.SessionId, s.FilePath) for s in submitted])
    harness.check("nothing left open", source.entered(doc) == [], source.entered(doc))

    # 2. leaving the assembly with the body still active: the body is left with it, then entered alone
    core.calls.clear()
    gui_doc.setEdit(asm)
    gui_doc.ActiveView.setActiveObject("pdbody", body)
    settle()
    gui_doc.resetEdit()
    harness.check("assembly left under an active body", settle() == [(DOC, ASM), (ASM, BODY), (BODY, ASM), (ASM, DOC), (DOC, BODY)],
                  core.changes())
    gui_doc.ActiveView.setActiveObject("pdbody", None)
    settle()

    # 3. a refused assembly is backed out of, and nothing is left open
    core.calls.clear()
    core.decisions.append(block("bob", "Assembly", "s-bob"))
    gui_doc.setEdit(asm)
    harness.wait_until(lambda: blocked, timeout=5)
    harness.check("blocked: out of the assembly's edit mode", gui_doc.getInEdit() is None, gui_doc.getInEdit())
    harness.check("blocked: only the entry reported", settle() == [(DOC, ASM)], core.changes())
    harness.check("blocked: holder shown", blocked == [("ASM-100", "Assembly")], blocked)
    harness.check("blocked: nothing open", source.entered(doc) == [], source.entered(doc))

    # 4. the core asks to leave the assembly (Release Now): edit and nested body end with it
    core.calls.clear()
    gui_doc.setEdit(asm)
    gui_doc.ActiveView.setActiveObject("pdbody", body)
    settle()
    core.leave_requested("ASM-100", "Assembly", "s-2")
    harness.check("leave request ends the assembly's edit", gui_doc.getInEdit() is None, gui_doc.getInEdit())
    harness.check("leave request deactivates the nested body", gui_doc.ActiveView.getActiveObject("pdbody") is None)
    harness.check("leave reported innermost first", settle() == [(DOC, ASM), (ASM, BODY), (BODY, ASM), (ASM, DOC)], core.changes())
    harness.screenshot("context-assembly")

    source.uninstall()


harness.run(main)
