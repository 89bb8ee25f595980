namespace SiloMod.Core.Items;

/// <summary>What the host knows of a document that Track Document may turn into an item.</summary>
/// <param name="Label">The document's label as the tree shows it.</param>
/// <param name="FilePath">Where it is saved; null when it never was.</param>
/// <param name="Comment">The document's Comment property (File → Document information).</param>
/// <param name="Meta">The document's metadata (FreeCAD's <c>doc.Meta</c>); <c>SiloCategory</c>, <c>SiloProject</c> and <c>SiloDescription</c> are read.</param>
public sealed record DocumentFacts(string? Label = null, string? FilePath = null, string? Comment = null, IReadOnlyDictionary<string, string>? Meta = null);
