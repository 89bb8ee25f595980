using System.Buffers;
using System.Security.Cryptography;

namespace Silo.Server.Storage;

/// <summary>Blobs as files under <c>blobs/ab/abcdef…</c>; uploads in progress live in <c>blobs/tmp</c>.</summary>
public sealed class FileBlobStore : IBlobStore
{
    private const int BufferSize = 128 * 1024;
    private readonly string _root;
    private readonly string _temp;

    // File.Move without overwrite checks then renames on some file systems, so two uploads of the
    // same bytes could both believe they stored it; the final step is serialized per hash stripe.
    // Other instances sharing the folder are not held by these locks: see the move below.
    private readonly Lock[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new Lock())];

    public FileBlobStore(string root)
    {
        _root = root;
        _temp = Path.Combine(root, "tmp");
        Directory.CreateDirectory(_temp);
        // A temp file not written to for a while was left by a process that died mid-upload. A recent
        // one may be another instance's upload in progress on this shared folder, so it stays. File
        // times come from the machine's clock, so they are compared with it, not the injected one.
        var staleBefore = DateTime.UtcNow - StaleTempAge;
        foreach (var temp in Directory.EnumerateFiles(_temp))
        {
            // A removal a process died in the middle of may have been rolled back with it: the file
            // goes back. Had it committed, the file is only unreferenced, and collected again later.
            var name = Path.GetFileName(temp);
            if (name.EndsWith(BlobRemoval.Suffix, StringComparison.Ordinal) && name.Length > 64 && IsHash(name[..64]))
                BlobRemoval.Restore(temp, PathOf(name[..64]));
            else if (File.GetLastWriteTimeUtc(temp) < staleBefore) File.Delete(temp);
        }
    }

    /// <summary>How long an upload's temp file may go unwritten before a starting store removes it.</summary>
    public static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(1);

    public string TempDirectory => _temp;

    public async Task<StoredBlob> PutAsync(Stream content, long maxBytes, string? expectedSha256, CancellationToken cancellationToken)
    {
        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                await using var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes) throw new BlobTooLargeException(maxBytes);
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                await file.FlushAsync(cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (expectedSha256 is not null && !string.Equals(expectedSha256, sha256, StringComparison.OrdinalIgnoreCase))
                throw new BlobHashMismatchException(expectedSha256, sha256);

            var finalPath = PathOf(sha256);
            lock (_stripes[Convert.ToInt32(sha256[..2], 16) % _stripes.Length])
            {
                if (File.Exists(finalPath))
                {
                    File.Delete(tempPath);
                    return new StoredBlob(sha256, size, AlreadyStored: true);
                }
                Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
                try
                {
                    File.Move(tempPath, finalPath, overwrite: false);
                }
                catch (IOException) when (File.Exists(finalPath))
                {
                    // Another instance stored the same bytes (so the same name) in the meantime.
                    File.Delete(tempPath);
                    return new StoredBlob(sha256, size, AlreadyStored: true);
                }
            }
            return new StoredBlob(sha256, size, AlreadyStored: false);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
    }

    public bool Exists(string sha256) => IsHash(sha256) && File.Exists(PathOf(sha256));

    public string PathOf(string sha256)
    {
        if (!IsHash(sha256)) throw new ArgumentException("Not a SHA-256 hex digest.", nameof(sha256));
        var lower = sha256.ToLowerInvariant();
        return Path.Combine(_root, lower[..2], lower);
    }

    public BlobRemoval? BeginRemove(string sha256)
    {
        if (!Exists(sha256)) return null;
        var path = PathOf(sha256);
        var aside = Path.Combine(_temp, $"{sha256.ToLowerInvariant()}.{Guid.NewGuid():N}{BlobRemoval.Suffix}");
        try
        {
            File.Move(path, aside, overwrite: false);
        }
        catch (FileNotFoundException)
        {
            // Another instance removed it first.
            return null;
        }
        return new BlobRemoval(path, aside);
    }

    public IEnumerable<string> ListHashes() =>
        Directory.EnumerateDirectories(_root)
            .Where(d => Path.GetFileName(d) is { Length: 2 } name && name != "tmp")
            .SelectMany(Directory.EnumerateFiles)
            .Select(Path.GetFileName)
            .Where(n => n is not null && IsHash(n))
            .Select(n => n!);

    public static bool IsHash(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);
}
