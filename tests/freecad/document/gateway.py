# The document gateway on a real PartDesign document: DAG, body members, part number through
# save and reopen, modified flag, open files.
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["SILOMOD_REPO"], "tests", "freecad"))
import harness  # noqa: E402

harness.setup_addon_path()

import FreeCAD as App  # noqa: E402
import parts  # noqa: E402


def main():
    from freecad.silo_mod import document

    doc = parts.bracket("Gateway")
    harness.check("document valid", all(o.isValid() for o in doc.Objects), [o.Name for o in doc.Objects if not o.isValid()])

    dag = document.extract_dag(doc)
    nodes = {n["id"]: n for n in dag["nodes"]}
    edges = {(e["from"], e["to"]) for e in dag["edges"]}
    harness.detail("edges", sorted(edges))
    harness.check("every object is a node", set(nodes) == {o.Name for o in doc.Objects}, sorted(nodes))
    harness.check("node types", nodes["Pad"]["type"] == "PartDesign::Pad" and nodes["Sketch"]["type"] == "Sketcher::SketchObject"
                  and nodes["Body"]["type"] == "PartDesign::Body", nodes)
    harness.check("node labels", nodes["Sketch001"]["label"] == doc.getObject("Sketch001").Label)
    harness.check("pad depends on sketch", ("Sketch", "Pad") in edges)
    harness.check("sketch001 depends on pad (attached to its face)", ("Pad", "Sketch001") in edges)
    harness.check("pocket depends on sketch001 and pad", ("Sketch001", "Pocket") in edges and ("Pad", "Pocket") in edges)
    harness.check("no duplicate edges", len(edges) == len(dag["edges"]), len(dag["edges"]))
    harness.check("some OutList holds duplicates or not: edges deduplicated anyway",
                  all(len({d.Name for d in o.OutList}) <= len(o.OutList) for o in doc.Objects))

    # The core computes the cones from this DAG and a body's members (DocumentCones; the context test checks the cones sent).
    harness.check("body members are its features and origin", {o.Name for o in doc.getObject("Body").Group}
                  >= {"Sketch", "Pad", "Sketch001", "Pocket"}, [o.Name for o in doc.getObject("Body").Group])

    harness.check("untracked at first", not document.is_tracked(doc) and document.part_number(doc) is None)
    try:
        document.save(doc)
        harness.check("save of a never-saved document refused", False)
    except ValueError as e:
        harness.check("save of a never-saved document refused", "never been saved" in str(e), str(e))

    document.mark_tracked(doc, "PRT-100")
    harness.check("tracked after marking", document.part_number(doc) == "PRT-100" and document.is_tracked(doc))
    folder = tempfile.mkdtemp(prefix="silomod-gateway-")
    path = os.path.join(folder, "PRT-100.FCStd")
    doc.saveAs(path)
    harness.check("file path", document.file_path(doc) == path, document.file_path(doc))
    harness.check("open files list the document and its part number",
                  document.open_files() == ([path], ["PRT-100"]), document.open_files())
    harness.check("a closing document is left out", document.open_files(closing=doc.Name) == ([], []),
                  document.open_files(closing=doc.Name))
    App.closeDocument(doc.Name)
    harness.check("closed file leaves the list", path not in document.open_files()[0], document.open_files())

    doc = App.openDocument(path)
    harness.check("part number survives save and reopen", document.part_number(doc) == "PRT-100", doc.Meta)
    harness.check("found by part number", document.find_by_part_number("PRT-100") is doc)
    harness.check("not modified after open", not document.modified(doc))
    doc.getObject("Pad").Length = 12
    harness.check("modified after a change", document.modified(doc))
    doc.recompute()
    saved = document.save(doc)
    harness.check("save writes the file where it is", saved == path and os.path.getsize(path) > 0)
    harness.check("not modified after save", not document.modified(doc))

    other = App.newDocument("Plain")
    harness.check("a new document is untracked", not document.is_tracked(other))
    document.mark_tracked(other, "PRT-200")
    document.unmark_tracked(other)
    harness.check("unmark", not document.is_tracked(other))


harness.run(main)
