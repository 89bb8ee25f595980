namespace Silo.Client.Revisions;

/// <summary>A file the server stored, ready to become a revision.</summary>
public sealed record UploadedFile(string Sha256, long Size);
