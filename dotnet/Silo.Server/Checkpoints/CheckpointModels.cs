using Silo.Server.Lineage;

namespace Silo.Server.Checkpoints;

public sealed record UploadUrlRequest(string? Sha256, long? Size);

/// <summary><c>upload_url</c> is null when the server already holds the bytes: nothing needs to move.</summary>
public sealed record UploadUrlResponse(bool AlreadyStored, string? UploadUrl, DateTimeOffset? ExpiresAt);

/// <param name="Base">The version the file was derived from (its bytes' SHA-256 at least); null only for an item's first push.</param>
/// <param name="Overwrite">Replace a head the file was not derived from; see <see cref="Lineage.PushLineage"/>.</param>
public sealed record CreateCheckpointRequest(
    string? FileHash, long? FileSize, CheckpointContext? Context, string? SessionId, DagDocument? Dag, VersionRef? Base = null, bool? Overwrite = null)
{
    public PushLineage Lineage => new(Base, Overwrite ?? false);
}

/// <param name="Version">The checkpoint's place in the item's lineage: it is now the head.</param>
public sealed record CheckpointResult(string CheckpointId, CheckpointContext Context, int SubscribersNotified, bool DagSynced, bool SessionReleased, long Version);

/// <param name="UserId">The author's username, as the client spec names the field.</param>
/// <param name="DownloadUrl">A presigned GET of the file for the caller; relative to the server.</param>
/// <param name="ExpiresAt">Null while it is kept: as the item's head, or as a head an overwrite replaced.</param>
/// <param name="Version">Its place in the item's lineage.</param>
public sealed record CheckpointView(
    string Id,
    string ItemId,
    string PartNumber,
    string UserId,
    CheckpointContext Context,
    string FileHash,
    long FileSize,
    bool DagSynced,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string DownloadUrl,
    long? Version);

/// <summary>What subscribers' workstations receive as <c>subscription.checkpoint</c>.</summary>
public sealed record CheckpointEventData(
    string PartNumber,
    string ItemId,
    string CheckpointId,
    CheckpointContext Context,
    string CheckpointUser,
    string FileHash,
    long FileSize,
    DateTimeOffset CreatedAt,
    long Version);
