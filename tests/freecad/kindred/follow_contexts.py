# Kindred Create, played by the stand-in SDK in tests/freecad/kindred/standin (installed as an add-on
# beside SiloMod, as Kindred ships its SDK): SiloMod follows editing contexts through
# kindred_sdk.on_context_enter/exit("*") instead of FreeCAD's observer and polling; a refused entry,
# which Kindred cannot veto, is backed out of with resetEdit; a document marked by Kindred's own Silo
# add-on (SiloItemId and SiloPartNumber on its root App::Part or assembly) counts as tracked. The
# core is a recording double: the decisions are the C# core's.
import os
import sys

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCAD as App  # noqa: E402
import FreeCADGui as Gui  # noqa: E402
import parts  # noqa: E402

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad", "context"))
from recording_core import SETTLE_MS, RecordingCore, block  # noqa: E402

DOC = (None, None)
BODY = ("PartDesign", "Body")
SKETCH = ("Sketcher", "Sketch")
ASM = ("Assembly", "Assembly")


def main():
    import kcsdk
    from freecad.silo_mod import context, document

    harness.check("start-up source follows Kindred", context.source() is not None and context.source().uses_kindred)
    context.uninstall()  # that one talks to the real runtime
    core = RecordingCore()
    blocked = []

    def on_blocked(shown):
        blocked.append((shown.PartNumber, shown.ObjectId))
        return False

    source = context.ContextSource(core_provider=lambda: core, on_blocked=on_blocked).install()
    harness.check("source follows Kindred", source.uses_kindred)

    # Kindred's Silo add-on marks the root object, not the document's Meta.
    doc = parts.kindred_part("Marked")
    root = doc.getObject("Part")
    harness.check("no part number without both properties set", document.part_number(doc) is None)
    parts.mark_kindred_root(root, "", "PRT-K1")
    harness.check("a part number without an item id is not Kindred's mark", document.part_number(doc) is None)
    parts.mark_kindred_root(root, "3f2a9c1e", "../outside")
    harness.check("a part number that could not name a file is ignored", document.part_number(doc) is None)
    parts.mark_kindred_root(root, "3f2a9c1e", "PRT-K1")
    harness.check("tracked through the root object", document.part_number(doc) == "PRT-K1" and not doc.Meta.get("SiloPartNumber"),
                  (document.part_number(doc), doc.Meta))
    gui_doc = Gui.getDocument(doc.Name)
    sketch, body = doc.getObject("Sketch"), doc.getObject("Body")
    harness.pump(0.3)
    core.calls.clear()

    # 1. a sketch: Kindred's callbacks report it, synchronously
    gui_doc.setEdit(sketch)
    harness.check("enter sketch reported", core.changes() == [(DOC, SKETCH)], core.changes())
    harness.check("kindred's context was the sketch", kcsdk.current_context()["id"] == kcsdk.SKETCH_ID, kcsdk.current_context())
    harness.check("kindred's id reported with the facts", kcsdk.SKETCH_ID in core.kindred_ids(), core.kindred_ids())
    change = core.of("ContextChanged")[0]
    harness.check("part number from the root object sent", change.Document.PartNumber == "PRT-K1", str(change.Document))
    gui_doc.resetEdit()
    harness.check("leave sketch reported", core.changes()[1:] == [(SKETCH, DOC)], core.changes())

    # 2. a body: no polling with Kindred; its resolver tells (here: when asked to refresh)
    core.calls.clear()
    gui_doc.ActiveView.setActiveObject("pdbody", body)
    harness.pump(0.8)
    harness.check("no polling: nothing before Kindred tells", core.changes() == [], core.changes())
    kcsdk.refresh()
    harness.check("body reported from Kindred's partdesign.body", kcsdk.current_context()["id"] == "partdesign.body"
                  and core.changes() == [(DOC, BODY)], (kcsdk.current_context(), core.changes()))
    harness.check("partdesign.body reported with the facts", core.kindred_ids()[-1:] == ["partdesign.body"], core.kindred_ids())

    # 3. a refused entry cannot be vetoed in Kindred: it is backed out of with resetEdit
    core.calls.clear()
    core.decisions.append(block("bob", "Sketch", "s-bob"))
    gui_doc.setEdit(sketch)
    harness.wait_until(lambda: blocked, timeout=5)
    harness.check("blocked: out of edit mode", gui_doc.getInEdit() is None, gui_doc.getInEdit())
    harness.check("blocked: only the entry reported", core.changes() == [(BODY, SKETCH)], core.changes())
    harness.check("blocked: holder shown", blocked == [("PRT-K1", "Sketch")], blocked)
    harness.check("blocked: back in the body", source.entered(doc)[-1:] == [BODY], source.entered(doc))
    gui_doc.ActiveView.setActiveObject("pdbody", None)
    kcsdk.refresh()

    # 4. an untracked document is never reported
    core.calls.clear()
    plain = parts.bracket("Plain")
    plain_gui = Gui.getDocument(plain.Name)
    plain_gui.setEdit(plain.getObject("Sketch"))
    plain_gui.resetEdit()
    harness.check("untracked document not reported", core.changes() == [], core.calls)
    App.closeDocument(plain.Name)

    # 5. FreeCAD 1.x: an assembly as the root, Kindred's assembly.edit and partdesign.in_assembly
    if harness.freecad_version() != "0.20":
        asm_doc = parts.assembly("Gearbox")
        parts.mark_kindred_root(asm_doc.getObject("Assembly"), "7be41d02", "ASM-K2")
        harness.check("tracked through the root assembly", document.part_number(asm_doc) == "ASM-K2", document.part_number(asm_doc))
        asm_gui = Gui.getDocument(asm_doc.Name)
        core.calls.clear()
        asm_gui.setEdit(asm_doc.getObject("Assembly"))
        harness.check("assembly reported from Kindred's assembly.edit", kcsdk.current_context()["id"] == "assembly.edit"
                      and core.changes() == [(DOC, ASM)], (kcsdk.current_context(), core.changes()))
        asm_gui.ActiveView.setActiveObject("pdbody", asm_doc.getObject("Body"))
        kcsdk.refresh()
        harness.check("body in the assembly nests under it", kcsdk.current_context()["id"] == "partdesign.in_assembly"
                      and core.changes()[1:] == [(ASM, BODY)], (kcsdk.current_context(), core.changes()))
        asm_gui.ActiveView.setActiveObject("pdbody", None)
        kcsdk.refresh()
        asm_gui.resetEdit()
        # Leaving an assembly is settled a moment after FreeCAD's call returned.
        harness.wait_until(lambda: core.changes()[2:] == [(BODY, ASM), (ASM, DOC)], timeout=5)
        harness.check("body and assembly left", core.changes()[2:] == [(BODY, ASM), (ASM, DOC)], core.changes())

        # Kindred's partdesign.in_assembly: the body edited inside the assembly once the assembly
        # is out of edit mode. FreeCAD's facts alone would let the assembly go once settled; the id
        # keeps it entered, with no settling.
        core.calls.clear()
        asm_gui.setEdit(asm_doc.getObject("Assembly"))
        asm_gui.ActiveView.setActiveObject("pdbody", asm_doc.getObject("Body"))
        kcsdk.refresh()
        asm_gui.resetEdit()
        harness.pump(0.4 + 2 * SETTLE_MS / 1000)
        harness.check("partdesign.in_assembly keeps the assembly", kcsdk.current_context()["id"] == "partdesign.in_assembly"
                      and core.changes() == [(DOC, ASM), (ASM, BODY)] and source.entered(asm_doc) == [ASM, BODY],
                      (kcsdk.current_context(), core.changes(), source.entered(asm_doc), core.kindred_ids()))
        # Out of the body: an id the core does not know (the stand-in's document id) falls back to FreeCAD's facts.
        asm_gui.ActiveView.setActiveObject("pdbody", None)
        kcsdk.refresh()
        harness.wait_until(lambda: core.changes()[2:] == [(BODY, ASM), (ASM, DOC)], timeout=5)
        harness.check("unknown id: assembly left once settled", core.changes()[2:] == [(BODY, ASM), (ASM, DOC)], core.changes())
        harness.screenshot("kindred-assembly")

    # 6. uninstalled: Kindred's callbacks stay registered (the SDK cannot unregister) but do nothing
    source.uninstall()
    core.calls.clear()
    gui_doc.setEdit(sketch)
    gui_doc.resetEdit()
    harness.check("nothing reported once uninstalled", core.changes() == [], core.changes())


harness.run(main)
