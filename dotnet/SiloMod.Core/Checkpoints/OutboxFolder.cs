using Silo.Client.Files;
using SiloMod.Core.Persistence;
using System.Security.Cryptography;

namespace SiloMod.Core.Checkpoints;

/// <summary>
/// The outbox on disk: per entry a JSON file and the snapshot of the document beside it, both
/// named after the entry so a name sort gives the push order; refused entries move to
/// <c>failed/</c> so no saved work is ever deleted unseen.
/// </summary>
internal sealed class OutboxFolder
{
    private const string SnapshotSuffix = ".file";

    public OutboxFolder(string directory)
    {
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        FailedDirectory = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(Directory, "failed")).FullName;
    }

    public string Directory { get; }

    public string FailedDirectory { get; }

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>
    /// The entries a previous process left, in push order. Leftovers of an enqueue that died half
    /// way (temp files, a snapshot whose entry was never written) are removed: the host was never
    /// told those checkpoints were safe.
    /// </summary>
    public IReadOnlyList<OutboxEntry> Load()
    {
        foreach (var temp in System.IO.Directory.EnumerateFiles(Directory, "*" + StateFiles.TempSuffix)) File.Delete(temp);
        var entries = new List<OutboxEntry>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal))
        {
            var entry = StateFiles.ReadJson<OutboxEntry>(path);
            if (entry is null || Path.GetFileName(path) != entry.JsonFile) continue;
            // Given up already, and cut short before leaving: finish the move rather than push it again.
            if (File.Exists(Path.Combine(FailedDirectory, entry.JsonFile)))
            {
                MoveToFailed(entry);
                continue;
            }
            entries.Add(entry);
        }
        var snapshots = entries.Select(e => e.SnapshotFile).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in System.IO.Directory.EnumerateFiles(Directory, "*" + SnapshotSuffix))
            if (!snapshots.Contains(Path.GetFileName(orphan))) File.Delete(orphan);
        return entries;
    }

    public static string SnapshotName(string entryName) => entryName + SnapshotSuffix;

    /// <summary>Copies the document beside the entry, hashing the bytes as they are copied; the copy appears complete or not at all.</summary>
    /// <param name="hashes">Notes the source's hash with its stamp taken before the read, when that read can be trusted.</param>
    public async Task<(string Sha256, long Size)> SnapshotAsync(string sourcePath, string snapshotName, FileHashCache? hashes, CancellationToken ct)
    {
        var before = FileStamp.Of(sourcePath);
        // The file system's clock, not an injected one: the stamp's times come from it.
        var started = DateTime.UtcNow.Ticks;
        var target = PathOf(snapshotName);
        // Named like every other temp of the core, so the start-up sweep recognises it too.
        var temp = PathOf($".{snapshotName}.{Guid.NewGuid():N}{StateFiles.TempSuffix}");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16, useAsync: true);
            await using (source.ConfigureAwait(false))
            {
                var copy = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, useAsync: true);
                await using (copy.ConfigureAwait(false))
                {
                    var buffer = new byte[1 << 16];
                    int read;
                    while ((read = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await copy.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                        size += read;
                    }
                    await copy.FlushAsync(ct).ConfigureAwait(false);
                    copy.Flush(flushToDisk: true);
                }
            }
            DurableFiles.Replace(temp, target);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        hashes?.Record(sourcePath, before, sha256, started);
        return (sha256, size);
    }

    public void Write(OutboxEntry entry) => StateFiles.WriteJson(PathOf(entry.JsonFile), entry);

    public void Delete(OutboxEntry entry)
    {
        // The entry first: a crash in between leaves an orphan snapshot, which Load removes, never an entry without its file.
        File.Delete(PathOf(entry.JsonFile));
        File.Delete(PathOf(entry.SnapshotFile));
    }

    /// <param name="snapshotPath">Where the snapshot is, when not beside the entry in the outbox.</param>
    /// <returns>Where the snapshot now is.</returns>
    /// <remarks>
    /// The entry is written in <c>failed/</c> before its snapshot moves, so a full disk leaves it in
    /// the outbox as it was, and a crash in between leaves both places naming it, which <see cref="Load"/> settles.
    /// </remarks>
    public string MoveToFailed(OutboxEntry entry, string? snapshotPath = null)
    {
        var snapshot = Path.Combine(FailedDirectory, entry.SnapshotFile);
        snapshotPath ??= PathOf(entry.SnapshotFile);
        StateFiles.WriteJson(Path.Combine(FailedDirectory, entry.JsonFile), entry);
        if (File.Exists(snapshotPath)) File.Move(snapshotPath, snapshot, overwrite: true);
        File.Delete(PathOf(entry.JsonFile));
        return snapshot;
    }
}
