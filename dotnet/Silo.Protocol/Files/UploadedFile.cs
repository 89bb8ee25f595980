namespace Silo.Protocol.Files;

/// <summary>A file the server stored, ready to become a revision or a checkpoint (the answer of a blob upload).</summary>
public sealed record UploadedFile(string Sha256, long Size);
