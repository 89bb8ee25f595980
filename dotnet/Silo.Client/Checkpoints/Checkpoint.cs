namespace Silo.Client.Checkpoints;

/// <summary>A working state pushed between revisions.</summary>
/// <param name="UserId">The author's username (the server names the field so).</param>
/// <param name="DownloadUrl">A presigned GET of the file for the caller, relative to the server.</param>
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
    DateTimeOffset ExpiresAt,
    string? DownloadUrl = null);
