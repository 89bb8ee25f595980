using Silo.Protocol.Checkpoints;
using SiloMod.Core.Host;

namespace SiloMod.Core.Contexts;

/// <summary>Which checkpoint context a move between editing contexts closes.</summary>
public static class TransitionClassifier
{
    /// <summary>
    /// The checkpoint context (<c>sketch_close</c>, <c>body_close</c>, <c>assembly_close</c>) the
    /// move closes, or null when it closes nothing. Moves to a shallower context follow the spec's
    /// table: a sketch left for its body is a sketch close, a sketch left for anything shallower
    /// closes the body with it. A move deeper closes nothing. A sideways move (same depth, another
    /// object: sketch A to sketch B) closes only the old object at its own level, since the
    /// enclosing body or assembly stays open — the spec's table, asked about Sketcher to Sketcher,
    /// would wrongly call that a body close.
    /// </summary>
    public static string? Classify(EditingContext oldContext, EditingContext newContext)
    {
        ArgumentNullException.ThrowIfNull(oldContext);
        ArgumentNullException.ThrowIfNull(newContext);
        var oldDepth = ContextDepth.Of(oldContext);
        var newDepth = ContextDepth.Of(newContext);
        if (newDepth > oldDepth) return null;
        if (newDepth == oldDepth)
            return oldDepth == ContextDepth.Document || SameObject(oldContext, newContext) ? null : OwnClose(oldContext.Type);

        return oldContext.Type switch
        {
            ContextTypes.Sketcher when newContext.Type == ContextTypes.PartDesign => CheckpointContexts.SketchClose,
            ContextTypes.Sketcher or ContextTypes.PartDesign => CheckpointContexts.BodyClose,
            ContextTypes.Assembly => CheckpointContexts.AssemblyClose,
            _ => null,
        };
    }

    /// <summary>Both name the same object of the same type.</summary>
    public static bool SameObject(EditingContext a, EditingContext b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Type == b.Type && a.ObjectId == b.ObjectId;
    }

    private static string? OwnClose(string? contextType) => contextType switch
    {
        ContextTypes.Sketcher => CheckpointContexts.SketchClose,
        ContextTypes.PartDesign => CheckpointContexts.BodyClose,
        ContextTypes.Assembly => CheckpointContexts.AssemblyClose,
        _ => null,
    };
}
