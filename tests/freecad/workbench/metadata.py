# FreeCAD's own parser reads package.xml: name, version, license with file, workbench entry, icon.
import os
import sys

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

import FreeCAD  # noqa: E402


def main():
    repo = os.environ["SILOMOD_REPO"]
    meta = FreeCAD.Metadata(os.path.join(repo, "package.xml"))
    harness.check("name", meta.Name == "SiloMod", meta.Name)
    harness.check("version", meta.Version == "0.1.0", meta.Version)
    harness.check("license MIT with file", meta.License == [{"name": "MIT", "file": "LICENSE"}], meta.License)
    harness.check("license file exists", os.path.isfile(os.path.join(repo, "LICENSE")))
    harness.check("maintainer with email", meta.Maintainer and "@" in meta.Maintainer[0]["email"], meta.Maintainer)
    harness.check("freecadmin 0.20", meta.FreeCADMin.startswith("0.20"), meta.FreeCADMin)
    # Nothing the Addon Manager cannot install: FreeCAD 0.20 reads even an optional dependency as a
    # missing requirement and warns before installing, and SiloMod runs without pythonnet anyway.
    harness.check("no dependencies", not meta.Depend, meta.Depend)
    urls = {u["type"] for u in meta.Urls}
    harness.check("repository and readme urls", {"repository", "readme"} <= urls, meta.Urls)
    workbenches = meta.Content.get("workbench", [])
    harness.check("one workbench", len(workbenches) == 1, workbenches)
    if workbenches:
        harness.check("workbench classname", workbenches[0].Classname == "SiloModWorkbench", workbenches[0].Classname)
        harness.check("workbench icon path", workbenches[0].Icon == "freecad/silo_mod/resources/icons/silo_mod.svg", workbenches[0].Icon)


harness.run(main)
