using System.Collections.Concurrent;

namespace Silo.Client.Files;

/// <summary>
/// The SHA-256 of files this process has read, keyed by path and trusted only while the file's
/// <see cref="FileStamp"/> is the one it had when its bytes were read: pushing an unchanged file
/// again needs no second read of it, and a changed file is always hashed. Like a version-control
/// index, it does not trust a reading that began too soon after the file's last change: a later
/// write within the same tick of the file system's clock could leave the stamp as it was.
/// </summary>
public sealed class FileHashCache
{
    /// <summary>
    /// How long after a file's last change a reading must begin to be trusted. On Linux the change
    /// time (which no program can set back) is stamped from the kernel's coarse clock, one tick at
    /// most behind; elsewhere the margin covers file systems that keep times to 2 s (FAT).
    /// </summary>
    public static readonly TimeSpan TrustMargin = OperatingSystem.IsLinux() ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromSeconds(2.5);

    private sealed record Entry(FileStamp Stamp, string Sha256);

    private readonly ConcurrentDictionary<string, Entry> _byPath = new(StringComparer.Ordinal);

    /// <summary>The file's hash and size: from the cache when its stamp is unchanged, otherwise by reading it.</summary>
    public async Task<(string Sha256, long Size)> HashAsync(string path, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(path);
        var before = FileStamp.Of(full);
        if (before is { } stamp && _byPath.TryGetValue(full, out var known) && known.Stamp == stamp) return (known.Sha256, stamp.Size);
        var started = DateTime.UtcNow.Ticks;
        var (sha256, size) = await FileHashes.Sha256Async(full, ct).ConfigureAwait(false);
        Record(full, before, sha256, started);
        return (sha256, size);
    }

    /// <summary>
    /// Records a hash computed by reading the whole file (an upload hashes what it sends), when the
    /// file's stamp did not move during the read and the read began clearly after its last change.
    /// </summary>
    /// <param name="before">The stamp taken before the read began.</param>
    /// <param name="readStartedTicks">When the read began, as UTC ticks of the wall clock (the file system's clock, not a test's).</param>
    public void Record(string path, FileStamp? before, string sha256, long readStartedTicks)
    {
        var full = Path.GetFullPath(path);
        if (before is not { } stamp || FileStamp.Of(full) != stamp || stamp.ModifiedTicks > readStartedTicks - TrustMargin.Ticks
            || stamp.ChangedTicks > readStartedTicks - TrustMargin.Ticks)
        {
            _byPath.TryRemove(full, out _);
            return;
        }
        _byPath[full] = new Entry(stamp, sha256.ToLowerInvariant());
    }

    /// <summary>Forgets a file (or everything): the next hash reads it.</summary>
    public void Forget(string? path = null)
    {
        if (path is null) _byPath.Clear();
        else _byPath.TryRemove(Path.GetFullPath(path), out _);
    }
}
