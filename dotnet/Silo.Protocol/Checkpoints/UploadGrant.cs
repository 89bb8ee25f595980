namespace Silo.Protocol.Checkpoints;

/// <summary>The server's answer to an upload-URL request; <see cref="UploadUrl"/> is null when it already holds the bytes: nothing needs to move.</summary>
public sealed record UploadGrant(bool AlreadyStored, string? UploadUrl, DateTimeOffset? ExpiresAt);
