using Silo.Client;
using Silo.Client.Errors;
using Silo.Client.Files;
using Silo.Protocol.Lineage;
using Silo.Client.Sync;
using SiloMod.Core.Lineage;
using SiloMod.Core.Probes;

namespace SiloMod.Core.Sync;

/// <summary>
/// The sync protocol as every client on a workstation runs it, the workbench's
/// <see cref="SyncManager"/> and the <c>silo sync</c> command alike: what is reported as held,
/// whether a local file may be replaced, how a download reaches its file, what is recorded about
/// it and what the server is told. Callers add only their own concerns (when to sync, open
/// documents, what to show), so two clients can never record or report the same step differently.
/// </summary>
public sealed class SyncEngine
{
    private readonly ISiloClient _client;
    private readonly string _workstationId;
    private readonly TimeProvider _time;
    private readonly IStepProbe _steps;

    /// <param name="steps">Told after each step of a download (tests); null for none.</param>
    public SyncEngine(ISiloClient client, string workstationId, SyncRecords records, TimeProvider time, IStepProbe? steps = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        ArgumentException.ThrowIfNullOrEmpty(workstationId);
        _workstationId = workstationId;
        (State, Lineage, Incoming) = (records.State, records.Lineage, records.Incoming);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _steps = steps ?? NoStepProbe.Instance;
    }

    private SyncStateStore State { get; }

    private FileLineage Lineage { get; }

    private IncomingFiles Incoming { get; }

    /// <summary>
    /// Reports the server versions held, by the hash recorded at sync rather than the disk's: a
    /// file the user edited is still that version, and reporting its new hash would make the
    /// server offer an update (and so a conflict) when nothing changed remotely. Missing files
    /// are left out, so the diff offers them again.
    /// </summary>
    public Task ReportHeldAsync(CancellationToken ct)
    {
        var items = State.All()
            .Where(f => File.Exists(f.Path))
            .Select(f => new SyncStateItem(f.PartNumber, f.FileHash, f.IsCheckpoint ? null : f.Revision, f.CheckpointId, f.IsCheckpoint))
            .ToList();
        return _client.ReportSyncStateAsync(_workstationId, items, ct);
    }

    public Task<SyncDiff> ReadDiffAsync(CancellationToken ct) => _client.GetSyncDiffAsync(_workstationId, ct: ct);

    /// <summary>
    /// What may happen to the item's file: the rule of <see cref="LocalCopy"/> on what is known
    /// locally; when that finds local changes, the server is asked whether the bytes are one of the
    /// item's versions. Records can lag the disk (a crash between a write and its record, a disk
    /// that was full): bytes the server holds as a version were not edited here, and replacing
    /// them with a newer version loses nothing.
    /// </summary>
    /// <param name="overwrite">The user chose to replace local changes: the server is not asked.</param>
    public async Task<LocalCheck> CheckAsync(SyncDiffEntry entry, string path, bool overwrite, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var before = LocalStamp.Of(path);
        if (!before.Exists) return new LocalCheck(before, null, LocalCopyVerdict.Replace);
        var (local, _) = await FileHashes.Sha256Async(path, ct).ConfigureAwait(false);
        var tracked = State.Get(entry.PartNumber);
        List<KnownCopy> known = tracked is null ? [] : [new KnownCopy(tracked.FileHash, tracked.Version)];
        var verdict = LocalCopy.Decide(local, known, entry.FileHash, entry.TargetVersion);
        if (verdict != LocalCopyVerdict.LocalChanges || overwrite) return new LocalCheck(before, local, verdict);
        IReadOnlyList<ItemVersion> versions;
        try
        {
            versions = await _client.ListVersionsAsync(entry.PartNumber, local, ct: ct).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return new LocalCheck(before, local, verdict);
        }
        known.AddRange(versions.Select(v => new KnownCopy(v.FileHash, v.Version)));
        return new LocalCheck(before, local, LocalCopy.Decide(local, known, entry.FileHash, entry.TargetVersion));
    }

    /// <summary>The user chose to keep their file over exactly this target before: not asked again.</summary>
    public bool IsSkipped(SyncDiffEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.FileHash is not null && State.SkippedTarget(entry.PartNumber) is { } skipped && FileLineage.SameHash(skipped, entry.FileHash);
    }

    /// <summary>
    /// Downloads beside the file, then moves it into place only if the file is still as it was
    /// checked: a file opened or saved while the bytes arrived is never replaced under the user.
    /// </summary>
    /// <param name="holdBack">Asked last, before the file is replaced: true keeps the file as it is for now (the workbench's open documents).</param>
    /// <param name="progress">Told of the bytes received; null for none.</param>
    /// <returns>The new file's hash once it is in place.</returns>
    public async Task<Placement> DownloadAsync(
        SyncDiffEntry entry, string path, LocalCheck check, Func<string, bool>? holdBack, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(check);
        var pn = entry.PartNumber;
        if (entry.DownloadUrl is null) throw new InvalidDataException($"The server offered {pn} without a download address.");
        await _steps.CompletedAsync(CoreSteps.DownloadStarting, pn, ct).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.part");
        try
        {
            var hash = progress is null
                ? await _client.DownloadFileAsync(entry.DownloadUrl, temp, entry.FileHash, ct).ConfigureAwait(false)
                : await _client.DownloadFileAsync(entry.DownloadUrl, temp, entry.FileHash, progress, ct).ConfigureAwait(false);
            await _steps.CompletedAsync(CoreSteps.DownloadFetched, pn, ct).ConfigureAwait(false);
            // What the file is about to become, written down before it becomes visible: see IncomingFiles.
            // Before the last look at the file, not after: this write is flushed to disk and takes time,
            // and a save landing between that look and the rename would be lost.
            Incoming.Expect(new IncomingFiles.Incoming(path, pn, VersionOf(entry, hash), Tracked(entry, path, hash)));
            await _steps.CompletedAsync(CoreSteps.DownloadExpected, pn, ct).ConfigureAwait(false);
            if (holdBack?.Invoke(path) == true)
            {
                Incoming.Settle(path);
                return new Placement(PlacementOutcome.HeldBack, null);
            }
            if (LocalStamp.Of(path) != check.Before)
            {
                Incoming.Settle(path);
                return new Placement(PlacementOutcome.ChangedMeanwhile, null);
            }
            // The client flushed the bytes before naming the temp; this rename is flushed with its folder.
            DurableFiles.Replace(temp, path);
            await _steps.CompletedAsync(CoreSteps.DownloadPlaced, pn, ct).ConfigureAwait(false);
            return new Placement(PlacementOutcome.Placed, hash);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Lineage, then sync state, then the expectation settled: each step leaves what <see cref="IncomingFiles.RecoverAsync"/> can finish.</summary>
    /// <remarks>Recorded before the server is told (<see cref="AckAsync"/>): the records describe the disk whether or not the ack gets through.</remarks>
    public async Task RecordAsync(SyncDiffEntry entry, string path, string hash, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Lineage.Record(path, entry.PartNumber, VersionOf(entry, hash), downloaded: true);
        await _steps.CompletedAsync(CoreSteps.DownloadLineageRecorded, entry.PartNumber, ct).ConfigureAwait(false);
        State.Record(Tracked(entry, path, hash));
        await _steps.CompletedAsync(CoreSteps.DownloadStateRecorded, entry.PartNumber, ct).ConfigureAwait(false);
        Incoming.Settle(path);
        await _steps.CompletedAsync(CoreSteps.DownloadSettled, entry.PartNumber, ct).ConfigureAwait(false);
    }

    /// <summary>Tells the server the workstation holds the entry's target, by the hash of the bytes written.</summary>
    public async Task AckAsync(SyncDiffEntry entry, string hash, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var ack = entry.IsCheckpoint
            ? new SyncAck(entry.ItemId, null, hash, CheckpointId: entry.CheckpointId, IsCheckpoint: true)
            : new SyncAck(entry.ItemId, null, hash, Revision: entry.TargetRevision);
        await _client.AckSyncAsync(_workstationId, ack, ct).ConfigureAwait(false);
        await _steps.CompletedAsync(CoreSteps.DownloadAcknowledged, entry.PartNumber, ct).ConfigureAwait(false);
    }

    /// <summary>Tells the server the workstation holds what the record says (a version pushed from here).</summary>
    public Task AckAsync(TrackedFile held, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(held);
        var ack = held.IsCheckpoint
            ? new SyncAck(held.ItemId, held.ItemId is null ? held.PartNumber : null, held.FileHash, CheckpointId: held.CheckpointId, IsCheckpoint: true)
            : new SyncAck(held.ItemId, held.ItemId is null ? held.PartNumber : null, held.FileHash, Revision: held.Revision);
        return _client.AckSyncAsync(_workstationId, ack, ct);
    }

    private TrackedFile Tracked(SyncDiffEntry entry, string path, string hash) =>
        new(entry.PartNumber, entry.ItemId, Path.GetFullPath(path), hash, entry.IsCheckpoint ? null : entry.TargetRevision, entry.CheckpointId,
            entry.IsCheckpoint, _time.GetUtcNow(), entry.TargetVersion);

    private static VersionRef VersionOf(SyncDiffEntry entry, string hash) =>
        new(hash, entry.IsCheckpoint ? VersionKinds.Checkpoint : VersionKinds.Revision, entry.IsCheckpoint ? entry.CheckpointId : null, entry.TargetVersion);
}
