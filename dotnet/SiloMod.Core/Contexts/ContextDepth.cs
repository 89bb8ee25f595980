using SiloMod.Core.Host;

namespace SiloMod.Core.Contexts;

/// <summary>
/// How deep an editing context sits in a document: a move to a deeper context enters it, a move to
/// a shallower one leaves the deeper ones.
/// </summary>
public static class ContextDepth
{
    public const int Document = 0;
    public const int Assembly = 1;
    public const int PartDesign = 2;
    public const int Sketcher = 3;

    /// <summary>The depth of a context type; a type Silo does not gate (another workbench's edit mode) counts as the document.</summary>
    public static int Of(string? contextType) => contextType switch
    {
        ContextTypes.Assembly => Assembly,
        ContextTypes.PartDesign => PartDesign,
        ContextTypes.Sketcher => Sketcher,
        _ => Document,
    };

    public static int Of(EditingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Of(context.Type);
    }
}
