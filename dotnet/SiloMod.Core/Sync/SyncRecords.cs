using Silo.Protocol.Lineage;
using SiloMod.Core.Lineage;

namespace SiloMod.Core.Sync;

/// <summary>
/// What a workstation's sync keeps in its folder: the sync state (what each subscribed file
/// holds), the lineage base of every file written or pushed, and the downloads on their way into
/// files. The workbench's state folder and the silo command's <c>.silo</c> folder have the same layout.
/// </summary>
public sealed class SyncRecords
{
    public const string StateFileName = "sync-state.json";

    public const string LineageFileName = "lineage.json";

    public const string IncomingFileName = "incoming.json";

    private readonly TimeProvider _time;

    public SyncRecords(SyncStateStore state, FileLineage lineage, IncomingFiles incoming, TimeProvider time)
    {
        State = state ?? throw new ArgumentNullException(nameof(state));
        Lineage = lineage ?? throw new ArgumentNullException(nameof(lineage));
        Incoming = incoming ?? throw new ArgumentNullException(nameof(incoming));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public SyncStateStore State { get; }

    public FileLineage Lineage { get; }

    public IncomingFiles Incoming { get; }

    /// <summary>Reads the records of a folder (each starts empty when its file is missing).</summary>
    /// <exception cref="SyncStateCorruptException">The sync state file cannot be read; nothing was overwritten.</exception>
    public static SyncRecords Open(string folder, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return new SyncRecords(
            SyncStateStore.Open(Path.Combine(folder, StateFileName)),
            new FileLineage(Path.Combine(folder, LineageFileName), time),
            new IncomingFiles(Path.Combine(folder, IncomingFileName)),
            time);
    }

    /// <summary>Finishes or forgets the downloads a crash cut short (see <see cref="IncomingFiles.RecoverAsync"/>).</summary>
    public Task<int> RecoverAsync(CancellationToken ct) => Incoming.RecoverAsync(Lineage, State, ct);

    /// <summary>
    /// A version this workstation put into an item's file outside a sync (a check-out, a commit):
    /// its lineage base and its sync record, so a later sync knows the bytes as that version.
    /// </summary>
    /// <param name="itemId">The server's item id; null when not known.</param>
    /// <param name="revision">The revision's number, when the version is one.</param>
    /// <param name="downloaded">True when the bytes were fetched here; false when they were pushed from here.</param>
    public TrackedFile Hold(string partNumber, string? itemId, string path, VersionRef version, int? revision, bool downloaded)
    {
        ArgumentNullException.ThrowIfNull(version);
        Lineage.Record(path, partNumber, version, downloaded);
        var checkpoint = version.Kind == VersionKinds.Checkpoint;
        var held = new TrackedFile(partNumber, itemId, Path.GetFullPath(path), version.FileHash, checkpoint ? null : revision,
            checkpoint ? version.Id : null, checkpoint, _time.GetUtcNow(), version.Version);
        State.Record(held);
        return held;
    }

    /// <summary>The version a local file was made from: its lineage base, else what the sync state holds for it at that path.</summary>
    public VersionRef? BaseOf(string partNumber, string path)
    {
        if (Lineage.Of(path) is { } known) return known.Base;
        return State.Get(partNumber) is { } tracked && string.Equals(tracked.Path, Path.GetFullPath(path), StringComparison.Ordinal) ? tracked.Base : null;
    }
}
