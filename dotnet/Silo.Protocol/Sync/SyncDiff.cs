namespace Silo.Protocol.Sync;

/// <param name="NextCursor">Pass back for the next page; null on the last page (and on a diff read to the end).</param>
public sealed record SyncDiff(
    IReadOnlyList<SyncDiffEntry> Downloads, IReadOnlyList<SyncDiffEntry> Updates, IReadOnlyList<SyncDiffEntry> Removals, string? NextCursor);
