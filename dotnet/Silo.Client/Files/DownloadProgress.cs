namespace Silo.Client.Files;

/// <summary>How far a download has come.</summary>
/// <param name="TotalBytes">The announced length; null when the server sent none.</param>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes);
