namespace Silo.Protocol.Checkpoints;

/// <summary>Asks where to upload a checkpoint's file; null fields are the server's to refuse.</summary>
public sealed record UploadUrlRequest(string? Sha256, long? Size);
