using Silo.Client.Files;
using Silo.Protocol.Lineage;
using SiloMod.Core.Lineage;
using SiloMod.Core.Persistence;

namespace SiloMod.Core.Sync;

/// <summary>
/// Versions on their way into local files, written down before the file changes. Putting a
/// version in place and recording what the file now holds are separate steps; a crash between
/// them would leave a file its records do not know, and the next sync would take the untouched
/// file for the user's edit. Each replacement is expected here first and settled once its records
/// are written; <see cref="RecoverAsync"/>, on start, finishes or forgets what a crash cut short.
/// </summary>
public sealed class IncomingFiles
{
    /// <param name="Path">The file being replaced (full path).</param>
    /// <param name="Version">What it is about to hold.</param>
    /// <param name="Tracked">The sync state's record once it holds it; null for a file the sync does not track (a document updated in place).</param>
    public sealed record Incoming(string Path, string PartNumber, VersionRef Version, TrackedFile? Tracked);

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly Dictionary<string, Incoming> _byPath;

    /// <param name="path">The journal's JSON file.</param>
    public IncomingFiles(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
        _byPath = new Dictionary<string, Incoming>(
            File.Exists(path) ? StateFiles.ReadJson<Dictionary<string, Incoming>>(path) ?? [] : [], FileLineage.PathComparer);
    }

    public IReadOnlyList<Incoming> All()
    {
        lock (_gate) return [.. _byPath.Values];
    }

    /// <summary>Written down (durably) before the file changes.</summary>
    public void Expect(Incoming incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        lock (_gate)
        {
            _byPath[System.IO.Path.GetFullPath(incoming.Path)] = incoming with { Path = System.IO.Path.GetFullPath(incoming.Path) };
            StateFiles.WriteJson(_path, _byPath);
        }
    }

    /// <summary>The file's records are written (or it never changed): nothing left to finish.</summary>
    public void Settle(string path)
    {
        lock (_gate)
        {
            if (_byPath.Remove(System.IO.Path.GetFullPath(path))) StateFiles.WriteJson(_path, _byPath);
        }
    }

    /// <summary>
    /// For each replacement a crash interrupted: a file that holds the expected bytes was put in
    /// place, so its records are brought to it; any other file never changed, and the expectation
    /// is dropped. One that cannot be read now is left for the next start.
    /// </summary>
    /// <returns>How many files were found already replaced and recorded now.</returns>
    public async Task<int> RecoverAsync(FileLineage lineage, SyncStateStore state, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(lineage);
        ArgumentNullException.ThrowIfNull(state);
        var recovered = 0;
        foreach (var incoming in All())
        {
            string? hash;
            try
            {
                hash = File.Exists(incoming.Path) ? (await FileHashes.Sha256Async(incoming.Path, ct).ConfigureAwait(false)).Sha256 : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (FileLineage.SameHash(hash, incoming.Version.FileHash))
            {
                lineage.Record(incoming.Path, incoming.PartNumber, incoming.Version, downloaded: true);
                if (incoming.Tracked is { } tracked) state.Record(tracked);
                recovered++;
            }
            Settle(incoming.Path);
        }
        return recovered;
    }
}
