# SiloMod: FreeCAD runs this file at start-up (also in freecadcmd). Nothing to do without a GUI:
# .NET is loaded only when the workbench or a tracked document needs it.
