using System.Security.Cryptography;

namespace Silo.Client.Files;

public static class FileHashes
{
    /// <summary>SHA-256 (lower-case hex) and size of a file, read as a stream so large files are never held in memory.</summary>
    public static async Task<(string Sha256, long Size)> Sha256Async(string path, CancellationToken ct = default)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(file, ct).ConfigureAwait(false);
            return (Convert.ToHexStringLower(hash), file.Length);
        }
    }

    /// <summary>SHA-256 (lower-case hex) of a file, read as a stream.</summary>
    public static string Sha256(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
