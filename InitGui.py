# SiloMod: FreeCAD executes this file at GUI start-up without __file__; the addon's code lives in the
# importable package freecad.silo_mod (FreeCAD put this addon folder on sys.path before running it).
import FreeCAD
import FreeCADGui

try:
    from freecad.silo_mod import workbench as _silo_workbench

    FreeCADGui.addWorkbench(_silo_workbench.SiloModWorkbench())
    _silo_workbench.install_context_source()
    _silo_workbench.install_preferences()
except Exception as _silo_error:
    FreeCAD.Console.PrintError(f"SiloMod could not be loaded: {_silo_error!r}\n")
