namespace Silo.Protocol.Checkpoints;

/// <summary>A working state pushed between revisions.</summary>
/// <param name="UserId">The author's username (the server names the field so).</param>
/// <param name="DownloadUrl">A presigned GET of the file for the caller, relative to the server.</param>
/// <param name="ExpiresAt">Null while the server keeps it: as the item's head, or as a head an overwrite replaced.</param>
/// <param name="Version">Its place in the item's lineage.</param>
public sealed record Checkpoint(
    string Id,
    string ItemId,
    string? PartNumber,
    string UserId,
    string Context,
    string FileHash,
    long? FileSize,
    bool DagSynced,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? DownloadUrl = null,
    long? Version = null);
