namespace Silo.Server.Files;

public sealed record UploadedFile(string Sha256, long Size);
