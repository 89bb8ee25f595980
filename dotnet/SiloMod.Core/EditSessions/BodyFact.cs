namespace SiloMod.Core.EditSessions;

/// <summary>A PartDesign body the host names (the active one, or the owner of the object in edit).</summary>
/// <param name="Cone">Its features and everything downstream of them; null lets the server use the item's stored DAG.</param>
public sealed record BodyFact(string Name, IReadOnlyList<string>? Cone = null);
