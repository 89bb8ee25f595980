# After the Addon Manager installed SiloMod: a fresh FreeCAD finds it in its own Mod folder (the
# installed copy, not this repository), lists the workbench, activates it and starts the runtime.
# SILOMOD_BRIDGE_DIR points at this repository's built bridge: an archive install carries no
# binaries, and building them on first start is tested elsewhere (BuildTests).
import os
import sys

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCAD as App  # noqa: E402
import FreeCADGui as Gui  # noqa: E402


def main():
    installed = os.path.join(App.getUserAppDataDir(), "Mod", harness.args()["name"])
    import freecad.silo_mod as silo_mod
    from freecad.silo_mod import commands, runtime

    harness.check("loaded from the installed copy", os.path.realpath(silo_mod.ADDON_DIR) == os.path.realpath(installed)
                  and not os.path.islink(installed), (silo_mod.ADDON_DIR, installed))
    workbenches = Gui.listWorkbenches()
    harness.check("workbench listed", "SiloModWorkbench" in workbenches, sorted(workbenches))
    Gui.activateWorkbench("SiloModWorkbench")
    harness.check("workbench active", Gui.activeWorkbench().__class__.__name__ == "SiloModWorkbench",
                  Gui.activeWorkbench().__class__.__name__)
    names = commands.register()
    missing = [n for n in names if n not in set(Gui.listCommands())]
    harness.check("commands registered", names and not missing, {"names": names, "missing": missing})
    harness.check("runtime started after activation", harness.wait_until(runtime.is_loaded, timeout=60))
    harness.screenshot("addon_manager_installed_activated")


harness.run(main)
