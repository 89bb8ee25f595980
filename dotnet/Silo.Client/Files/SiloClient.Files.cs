using System.Security.Cryptography;
using Silo.Client.Files;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public Task<string> DownloadFileAsync(string downloadUrl, string destinationPath, string? expectedSha256 = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(downloadUrl);
        return DownloadCoreAsync(downloadUrl, destinationPath, expectedSha256, progress: null, ct);
    }

    public Task<string> DownloadFileAsync(
        string downloadUrl, string destinationPath, string? expectedSha256, IProgress<DownloadProgress>? progress, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(downloadUrl);
        return DownloadCoreAsync(downloadUrl, destinationPath, expectedSha256, progress, ct);
    }

    /// <param name="url">An absolute URL the server handed out, or a path relative to the server.</param>
    private async Task<string> DownloadCoreAsync(
        string url, string destinationPath, string? expectedSha256, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        var destination = Path.GetFullPath(destinationPath);
        var directory = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(directory);
        // A temp file beside the target, renamed over it only when complete and verified: FreeCAD
        // never opens half a file, and a failed download leaves the previous version in place.
        var temp = Path.Combine(directory, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.part");
        try
        {
            using var request = Request(HttpMethod.Get, url, body: null);
            var sha256 = await ExchangeAsync(request, content => CopyHashedAsync(content, temp, progress, ct), ct).ConfigureAwait(false);
            if (expectedSha256 is not null && !string.Equals(sha256, expectedSha256, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"{url} delivered a file hashing to {sha256}, not the expected {expectedSha256}; {destination} is unchanged.");
            DurableFiles.Replace(temp, destination);
            return sha256;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static async Task<string> CopyHashedAsync(HttpContent content, string path, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var total = content.Headers.ContentLength;
        var source = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                var buffer = new byte[1 << 16];
                long received = 0;
                progress?.Report(new DownloadProgress(0, total));
                int n;
                while ((n = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                    received += n;
                    progress?.Report(new DownloadProgress(received, total));
                }
                await file.FlushAsync(ct).ConfigureAwait(false);
                // On disk before the rename names it: after a power cut the file is whole or absent, never empty.
                file.Flush(flushToDisk: true);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
