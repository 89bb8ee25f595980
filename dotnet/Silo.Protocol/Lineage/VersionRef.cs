namespace Silo.Protocol.Lineage;

/// <summary>
/// Names a version of an item. As a push's base only <see cref="FileHash"/> is needed: the
/// SHA-256 of the file the pushed one was derived from. The server fills every field in its answers.
/// </summary>
/// <param name="Kind">One of <see cref="VersionKinds"/>; null when not known (a push still on its way, say).</param>
/// <param name="Version">The place in the item's lineage: 1, 2, 3… in the order the server accepted them.</param>
public sealed record VersionRef(string FileHash, string? Kind = null, string? Id = null, long? Version = null);
