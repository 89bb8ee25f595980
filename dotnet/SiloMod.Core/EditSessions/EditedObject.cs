namespace SiloMod.Core.EditSessions;

/// <summary>The object FreeCAD has in edit mode.</summary>
/// <param name="TypeId">FreeCAD's type id (<c>Sketcher::SketchObject</c>, <c>PartDesign::Pad</c>, <c>Assembly::AssemblyObject</c>).</param>
/// <param name="Name">The object's internal name.</param>
/// <param name="Cone">The objects downstream of it; null: computed from <see cref="ContextFacts.Graph"/>, or left to the server's stored DAG.</param>
/// <param name="OwningBody">The PartDesign body it belongs to (or is), if any.</param>
public sealed record EditedObject(string TypeId, string Name, IReadOnlyList<string>? Cone = null, BodyFact? OwningBody = null);
