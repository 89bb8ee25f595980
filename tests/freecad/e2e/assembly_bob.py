# End to end in FreeCAD 1.x, bob's workstation: opens a copy of alice's assembly and enters its edit
# mode while alice is in it. The core refuses; the context source backs out of the assembly's edit
# mode and shows the Editing Blocked dialog (answered OK through SILOMOD_AUTO_ANSWER_BLOCKED, after
# its screenshot).
#
# Args: part_number, file_path.
import os
import sys

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCAD as App  # noqa: E402
import FreeCADGui as Gui  # noqa: E402


def main():
    a = harness.args()
    pn, path = a["part_number"], a["file_path"]

    from freecad.silo_mod import context, document, runtime
    from freecad.silo_mod.panels import blocked_dialog

    shots = harness.join_silo("_assembly")

    doc = App.openDocument(path)
    harness.check("copy is tracked", document.part_number(doc) == pn, document.part_number(doc))
    harness.show_whole_part()
    Gui.getDocument(doc.Name).setEdit(doc.getObject("Assembly"))

    shown = harness.wait_until(lambda: dict(blocked_dialog.last_shown), timeout=60)
    harness.detail("dialog", shown)
    harness.pump(0.5)
    doc = document.find_by_path(path)
    gui_doc = Gui.getDocument(doc.Name)
    harness.check("blocked dialog shown", bool(shown), shown)
    harness.check("out of the assembly's edit mode", gui_doc.getInEdit() is None, gui_doc.getInEdit())
    harness.check("nothing open", context.source().entered(doc) == [], context.source().entered(doc))
    harness.check("dialog names alice and the assembly", "alice is currently editing Assembly" in (shown or {}).get("text", ""), shown)
    png = os.path.join(os.environ["SILOMOD_SCREENSHOTS"], "blocked_dialog_assembly.png")
    harness.check("dialog screenshot", shots == ["blocked_dialog"] and os.path.getsize(png) > 10000, shots)


harness.run(main)
