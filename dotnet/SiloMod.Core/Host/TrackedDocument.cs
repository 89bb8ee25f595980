namespace SiloMod.Core.Host;

/// <summary>The document a context change happened in, as the host sees it at that moment.</summary>
/// <param name="PartNumber">The Silo item the document belongs to; null for a document Silo does not track, which is never gated.</param>
/// <param name="FilePath">Where the document is saved; null when it never was.</param>
/// <param name="Modified">The document has unsaved changes.</param>
public sealed record TrackedDocument(string? PartNumber, string? FilePath, bool Modified);
