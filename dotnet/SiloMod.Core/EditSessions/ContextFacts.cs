using Silo.Protocol.Checkpoints;

namespace SiloMod.Core.EditSessions;

/// <summary>
/// What FreeCAD shows of one document at a moment, as the host reads it: no interpretation, the
/// <see cref="ContextEngine"/> decides what it means.
/// </summary>
/// <param name="Document">The document's identity in the host (FreeCAD's internal document name).</param>
/// <param name="PartNumber">The Silo item the document belongs to; null for a document Silo does not track, which is followed but never gated.</param>
/// <param name="FilePath">Where the document is saved; null when it never was.</param>
/// <param name="Modified">The document has unsaved changes.</param>
/// <param name="InEdit">The object in edit mode, if any.</param>
/// <param name="ActiveBody">The active PartDesign body, if any.</param>
/// <param name="Settled">
/// Reported a moment after FreeCAD left an assembly's edit mode (the engine asked with
/// <see cref="SettleAssembly"/>): if nothing is in edit by now, the assembly was left.
/// </param>
/// <param name="Graph">The document's objects and dependencies (as a checkpoint's DAG), from which the core computes the cones the host left out.</param>
/// <param name="Kindred">Kindred Create's current context, when FreeCAD is Kindred Create (see <see cref="KindredContexts"/>).</param>
public sealed record ContextFacts(
    string Document,
    string? PartNumber,
    string? FilePath,
    bool Modified,
    EditedObject? InEdit = null,
    BodyFact? ActiveBody = null,
    bool Settled = false,
    KindredContext? Kindred = null,
    Dag? Graph = null);
