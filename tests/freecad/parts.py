"""Builds the PartDesign documents the FreeCAD tests work on."""

import FreeCAD as App
import Part
import Sketcher


def _rectangle(sketch, x0, y0, x1, y1):
    points = [App.Vector(x0, y0, 0), App.Vector(x1, y0, 0), App.Vector(x1, y1, 0), App.Vector(x0, y1, 0)]
    first = sketch.GeometryCount
    for i in range(4):
        sketch.addGeometry(Part.LineSegment(points[i], points[(i + 1) % 4]), False)
    for i in range(4):
        sketch.addConstraint(Sketcher.Constraint("Coincident", first + i, 2, first + (i + 1) % 4, 1))


def _attach(sketch, support):
    # FreeCAD 1.0 renamed a sketch's Support to AttachmentSupport.
    name = "AttachmentSupport" if hasattr(sketch, "AttachmentSupport") else "Support"
    setattr(sketch, name, support)
    sketch.MapMode = "FlatFace"


def _top_face(feature):
    best = None
    for i, face in enumerate(feature.Shape.Faces, start=1):
        z = face.CenterOfMass.z
        if best is None or z > best[0]:
            best = (z, f"Face{i}")
    return best[1]


def bracket(name="Bracket"):
    """Body ← Sketch (on XY) ← Pad ← Sketch001 (on the Pad's top face) ← Pocket."""
    doc = App.newDocument(name)
    body = doc.addObject("PartDesign::Body", "Body")
    xy = [f for f in body.Origin.OriginFeatures if f.Role == "XY_Plane"][0]

    sketch = body.newObject("Sketcher::SketchObject", "Sketch")
    _attach(sketch, (xy, [""]))
    _rectangle(sketch, 0, 0, 40, 20)
    doc.recompute()

    pad = body.newObject("PartDesign::Pad", "Pad")
    pad.Profile = sketch
    pad.Length = 10
    doc.recompute()

    sketch2 = body.newObject("Sketcher::SketchObject", "Sketch001")
    _attach(sketch2, (pad, [_top_face(pad)]))
    _rectangle(sketch2, 5, 5, 15, 15)
    doc.recompute()

    pocket = body.newObject("PartDesign::Pocket", "Pocket")
    pocket.Profile = sketch2
    pocket.Length = 5
    doc.recompute()
    return doc


def assembly(name="Gearbox"):
    """FreeCAD 1.x: the bracket's Body inside an Assembly (with its Joints group, as the Assembly
    workbench's New Assembly makes it)."""
    doc = bracket(name)
    asm = doc.addObject("Assembly::AssemblyObject", "Assembly")
    asm.newObject("Assembly::JointGroup", "Joints")
    asm.addObject(doc.getObject("Body"))
    doc.recompute()
    return doc


def kindred_part(name="Kindred"):
    """The bracket's Body inside an App::Part root marked as Kindred Create's Silo add-on marks a
    tracked document: SiloItemId and SiloPartNumber on the root (the part number set by the caller)."""
    doc = bracket(name)
    part = doc.addObject("App::Part", "Part")
    part.addObject(doc.getObject("Body"))
    mark_kindred_root(part, "", "")
    doc.recompute()
    return doc


def mark_kindred_root(root, item_id, part_number):
    for prop, value in (("SiloItemId", item_id), ("SiloPartNumber", part_number)):
        if prop not in root.PropertiesList:
            root.addProperty("App::PropertyString", prop, "Silo")
        setattr(root, prop, value)
