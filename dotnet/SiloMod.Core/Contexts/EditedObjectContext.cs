using SiloMod.Core.EditSessions;
using SiloMod.Core.Host;

namespace SiloMod.Core.Contexts;

/// <summary>The editing context that an object in FreeCAD's edit mode, or an active body, opens.</summary>
public static class EditedObjectContext
{
    public const string SketchType = "Sketcher::SketchObject";
    public const string BodyType = "PartDesign::Body";
    public const string AssemblyType = "Assembly::AssemblyObject";
    private const string PartDesignPrefix = "PartDesign::";

    /// <summary>
    /// A sketch opens a Sketcher context, a body or a feature of one the body's PartDesign
    /// context, an assembly an Assembly context; anything else (another workbench's edit mode, a
    /// feature outside any body) is not a Silo context: null.
    /// </summary>
    public static EditingContext? Of(EditedObject? edited)
    {
        if (edited is null) return null;
        if (edited.TypeId == SketchType) return new EditingContext(ContextTypes.Sketcher, edited.Name, edited.Cone);
        if (edited.TypeId == BodyType) return Of(edited.OwningBody ?? new BodyFact(edited.Name));
        if (edited.TypeId.StartsWith(PartDesignPrefix, StringComparison.Ordinal))
            return edited.OwningBody is { } body ? Of(body) : null;
        // The server computes an assembly's cone from its stored DAG.
        return edited.TypeId == AssemblyType ? new EditingContext(ContextTypes.Assembly, edited.Name) : null;
    }

    public static EditingContext Of(BodyFact body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new EditingContext(ContextTypes.PartDesign, body.Name, body.Cone);
    }
}
