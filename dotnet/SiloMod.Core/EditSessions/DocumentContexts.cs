using SiloMod.Core.Contexts;
using SiloMod.Core.Host;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// What the engine follows of one document: the contexts entered, outermost first (an assembly, a
/// body in it, a sketch in the body), and what keeps FreeCAD's state and that stack apart for a moment.
/// </summary>
internal sealed class DocumentContexts
{
    public List<EditingContext> Entered { get; } = [];

    /// <summary>
    /// Entries the core refused that FreeCAD may still show until the host backed out of them:
    /// neither asked about again nor left, since they were never entered.
    /// </summary>
    public List<EditingContext> Refused { get; } = [];

    /// <summary>An assembly FreeCAD took out of edit mode, kept entered until it is clear whether for good.</summary>
    public EditingContext? HeldAssembly { get; set; }

    /// <summary>The host was asked to settle the held assembly already.</summary>
    private bool _settleAsked;

    /// <summary>The host is leaving the held assembly on request: the next facts let go of it.</summary>
    public bool ReleaseHeld { get; set; }

    /// <summary>The facts last reported, which say how to leave a context on request.</summary>
    public ContextFacts? Last { get; set; }

    public EditingContext Current => Entered.Count > 0 ? Entered[^1] : EditingContext.Document;

    /// <summary>
    /// The stack FreeCAD's state calls for now, outermost first: the assembly in edit (or held),
    /// the active body, the object in edit. Returns whether the host must settle a newly held assembly.
    /// </summary>
    /// <remarks>
    /// Kindred Create's context, when reported, says what FreeCAD's edit mode cannot: a body edited
    /// inside an assembly keeps the assembly entered without settling, a body edited on its own
    /// lets a held assembly go at once, and an assembly.edit whose object FreeCAD's type id does not
    /// name is an assembly still. Any other id leaves it to FreeCAD's facts.
    /// </remarks>
    public (List<EditingContext> Wanted, bool Settle) Want(ContextFacts facts)
    {
        var kindred = KindredContexts.Classify(facts.Kindred, facts.Document);
        var edit = EditedObjectContext.Of(facts.InEdit);
        if (edit is null && facts.InEdit is { } unnamed && kindred == KindredContextKind.Assembly)
            edit = new EditingContext(ContextTypes.Assembly, unnamed.Name);
        EditingContext? assembly = null;
        var settle = false;
        if (edit?.Type == ContextTypes.Assembly)
        {
            (assembly, edit) = (edit, null);
            HeldAssembly = null;
        }
        else if (ReleaseHeld || kindred == KindredContextKind.Body || (facts.Settled && facts.InEdit is null && !kindred.KeepsAssembly()))
        {
            HeldAssembly = null;
        }
        else
        {
            // FreeCAD 1.x leaves an assembly's edit mode to edit a sketch inside it and enters it
            // again after: only the host, once its current call returned, can tell which, unless
            // Kindred says the assembly is still being edited.
            HeldAssembly ??= Entered.FirstOrDefault(c => c.Type == ContextTypes.Assembly);
            settle = HeldAssembly is not null && !kindred.KeepsAssembly() && !_settleAsked;
            _settleAsked |= settle;
        }
        if (HeldAssembly is null) _settleAsked = false;
        ReleaseHeld = false;
        assembly ??= HeldAssembly;

        var wanted = new List<EditingContext>();
        foreach (var context in new[] { assembly, facts.ActiveBody is { } body ? EditedObjectContext.Of(body) : null, edit })
            if (context is not null && !wanted.Any(w => TransitionClassifier.SameObject(w, context)))
                wanted.Add(context);
        return (wanted, settle);
    }

    /// <summary>How many leading contexts the entered stack shares with <paramref name="wanted"/>.</summary>
    public int SharedPrefix(IReadOnlyList<EditingContext> wanted)
    {
        var n = 0;
        while (n < Entered.Count && n < wanted.Count && TransitionClassifier.SameObject(Entered[n], wanted[n])) n++;
        return n;
    }
}
