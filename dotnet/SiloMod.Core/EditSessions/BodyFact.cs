namespace SiloMod.Core.EditSessions;

/// <summary>A PartDesign body the host names (the active one, or the owner of the object in edit).</summary>
/// <param name="Cone">Its features and everything downstream of them; null: computed from <see cref="ContextFacts.Graph"/> and <paramref name="Members"/>, or left to the server's stored DAG.</param>
/// <param name="Members">The objects the body holds (its Group), as FreeCAD lists them.</param>
public sealed record BodyFact(string Name, IReadOnlyList<string>? Cone = null, IReadOnlyList<string>? Members = null);
