# End to end, bob's workstation: opens a copy of alice's file (same part number, same object
# names) and enters the sketch alice is editing. The core blocks; the context source backs out of
# edit mode and shows the Editing Blocked dialog, answered "Request Handoff" through
# SILOMOD_AUTO_ANSWER_BLOCKED (after its real screenshot).
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

    shots = harness.join_silo("_e2e")
    harness.check("clr bundled", runtime.core().clr_source == "bundled", runtime.core().clr_source)

    doc = App.openDocument(path)
    harness.check("copy is tracked", document.part_number(doc) == pn, document.part_number(doc))
    gui_doc = Gui.getDocument(doc.Name)
    harness.show_whole_part()
    gui_doc.setEdit(doc.getObject("Sketch"))

    shown = harness.wait_until(lambda: dict(blocked_dialog.last_shown), timeout=60)
    harness.detail("dialog", shown)
    # Where FreeCAD cannot clear its "modified" flag (0.20), being blocked reopens the untouched document.
    doc = document.find_by_path(path)
    gui_doc = Gui.getDocument(doc.Name)
    harness.check("blocked dialog shown", bool(shown), shown)
    harness.check("out of edit mode", gui_doc.getInEdit() is None, gui_doc.getInEdit())
    harness.check("context back at the document", context.source().entered(doc) == [],
                  context.source().entered(doc))
    harness.check("dialog names alice", "alice" in (shown or {}).get("text", ""), shown)
    harness.check("dialog answered Request Handoff", (shown or {}).get("handoff") is True, shown)
    png = os.path.join(os.environ["SILOMOD_SCREENSHOTS"], "blocked_dialog_e2e.png")
    harness.check("dialog screenshot", shots == ["blocked_dialog"] and os.path.getsize(png) > 10000, shots)


harness.run(main)
