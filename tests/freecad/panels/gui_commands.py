"""FreeCAD GUI test: commands register once with existing icons, and the document commands
(track, lock, unlock, presence) call the core with the document's part number.

QTWEBENGINE_DISABLE_SANDBOX=1 xvfb-run -a -s "-screen 0 1600x1000x24" freecad tests/freecad/panels/gui_commands.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _harness  # noqa: E402
import fake_dotnet as net  # noqa: E402


def body(r):
    import FreeCAD
    import FreeCADGui

    from fake_core import PRESENCE, FakeCore
    from freecad.silo_mod import commands, document, runtime
    from freecad.silo_mod.panels import activity, qt

    names = commands.register()
    r.check("register_returns_names", names[:3] == ["Silo_Subscribe", "Silo_Subscriptions", "Silo_SyncStatus"]
            and len(names) == len(commands.COMMANDS), names)
    r.check("register_idempotent", commands.register() == names)
    known = set(FreeCADGui.listCommands())
    r.check("commands_known_to_freecad", set(names) <= known, sorted(set(names) - known))
    icons = [c.GetResources()["Pixmap"] for c in commands.COMMANDS]
    r.check("icons_exist", all(os.path.isfile(p) for p in icons) and os.path.isfile(commands.icon("silo_mod")), icons)

    core = FakeCore()
    commands._core = lambda: core
    messages = []
    qt.show_info = lambda title, text, parent=None: messages.append((title, text))
    errors = []
    qt.show_error = lambda title, exc, parent=None: errors.append((title, str(exc)))

    doc = FreeCAD.newDocument("Bracket")
    _harness.pump(100)
    FreeCADGui.runCommand("Silo_Lock")
    r.check("untracked_doc_explained", messages and "not tracked by Silo" in messages[-1][1]
            and not core.calls_of("LockItem"), messages)

    r.check("invalid_part_number_refused", _raises(lambda: document.mark_tracked(doc, "../x"))
            and _raises(lambda: document.mark_tracked(doc, "  ")))
    document.mark_tracked(doc, " PRT-100 ")
    r.check("part_number_in_meta", doc.Meta.get("SiloPartNumber") == "PRT-100"
            and document.part_number(doc) == "PRT-100")

    FreeCADGui.runCommand("Silo_Lock")
    r.check("lock_calls_core", core.calls_of("LockItem") == [("PRT-100",)])
    r.check("lock_message", messages[-1][1] == "PRT-100 is checked out to tester.", messages[-1])
    FreeCADGui.runCommand("Silo_Unlock")
    r.check("unlock_calls_core", core.calls_of("UnlockItem") == [("PRT-100",)])
    # The words are the core's (PresenceText), asked of the process-wide core.
    real_core, runtime.core = runtime.core, lambda: core
    try:
        FreeCADGui.runCommand("Silo_Presence")
    finally:
        runtime.core = real_core
    r.check("presence_calls_core", core.calls_of("Presence") == [("PRT-100",)]
            and core.calls_of("PresenceText") == [("PRT-100", [PRESENCE[0]])] and messages[-1][1] == "PRT-100: 1 editing", messages[-1])

    core.answers["LockItem"] = net.BridgeException("InvalidOperationException", "PRT-100 is checked out by dave")
    FreeCADGui.runCommand("Silo_Lock")
    r.check("core_error_shown", errors and errors[-1][1] == "PRT-100 is checked out by dave", errors)

    # Without a .NET runtime the pane still opens and says why it is empty.
    FreeCADGui.runCommand("Silo_ActivityPane")
    _harness.pump(100)
    dock = activity.find_dock()
    r.check("activity_pane_opens_without_core", dock is not None and dock.isVisible()
            and dock.widget().notice.text().startswith("Silo core not running"),
            dock and dock.widget().notice.text())
    FreeCADGui.runCommand("Silo_ActivityPane")
    r.check("activity_pane_toggles", not dock.isVisible())
    FreeCAD.closeDocument(doc.Name)


def _raises(fn):
    try:
        fn()
    except ValueError:
        return True
    return False


_harness.run("commands", body)
