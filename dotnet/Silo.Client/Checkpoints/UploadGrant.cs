namespace Silo.Client.Checkpoints;

/// <summary>The server's answer to an upload-URL request; no URL when it already holds the bytes.</summary>
internal sealed record UploadGrant(bool AlreadyStored, string? UploadUrl, DateTimeOffset? ExpiresAt);

internal sealed record UploadUrlRequest(string Sha256, long Size);

internal sealed record UploadedBlob(string Sha256, long Size);

internal sealed record CreateCheckpointRequest(string FileHash, long FileSize, string Context, string? SessionId, Dag? Dag, Lineage.VersionRef? Base, bool? Overwrite);
