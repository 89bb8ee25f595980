namespace Silo.Server.Checkpoints;

public sealed record UploadUrlRequest(string? Sha256, long? Size);

/// <summary><c>upload_url</c> is null when the server already holds the bytes: nothing needs to move.</summary>
public sealed record UploadUrlResponse(bool AlreadyStored, string? UploadUrl, DateTimeOffset? ExpiresAt);

public sealed record CreateCheckpointRequest(string? FileHash, long? FileSize, CheckpointContext? Context, string? SessionId, DagDocument? Dag);

public sealed record CheckpointResult(string CheckpointId, CheckpointContext Context, int SubscribersNotified, bool DagSynced, bool SessionReleased);

/// <param name="UserId">The author's username, as the client spec names the field.</param>
/// <param name="DownloadUrl">A presigned GET of the file for the caller; relative to the server.</param>
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
    DateTimeOffset ExpiresAt,
    string DownloadUrl);

/// <summary>What subscribers' workstations receive as <c>subscription.checkpoint</c>.</summary>
public sealed record CheckpointEventData(
    string PartNumber,
    string ItemId,
    string CheckpointId,
    CheckpointContext Context,
    string CheckpointUser,
    string FileHash,
    long FileSize,
    DateTimeOffset CreatedAt);
