namespace SiloMod.Core.Host;

/// <summary>
/// The editing contexts a host reports, named as FreeCAD's workbenches name them. A context of
/// type null is the document itself.
/// </summary>
public static class ContextTypes
{
    public const string Assembly = "Assembly";
    public const string PartDesign = "PartDesign";
    public const string Sketcher = "Sketcher";
}
