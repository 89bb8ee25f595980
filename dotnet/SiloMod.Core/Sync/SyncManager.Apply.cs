using Silo.Client.Errors;
using Silo.Client.Events;
using Silo.Client.Files;
using Silo.Protocol.Lineage;
using Silo.Client.Sync;
using SiloMod.Core.Persistence;
using SiloMod.Core.Probes;
using SiloMod.Core.Signals;
using SiloMod.Core.Messages;

namespace SiloMod.Core.Sync;

public sealed partial class SyncManager
{
    private const string AllTarget = "all";

    /// <summary>
    /// Events arrive in bursts (a release notifies many items); one diff covers them all, so a
    /// request while a diff runs only asks for one more pass after it.
    /// </summary>
    /// <param name="partNumber">The item the event named, counted as waiting while auto sync is off; null for "anything".</param>
    private void RequestDiff(string? partNumber)
    {
        lock (_gate)
        {
            if (_disposed) return;
            if (partNumber is not null && !_settings.Current.SubscriptionAutoSync) _waiting.Add(partNumber);
            if (_diffRunning)
            {
                _diffAgain = true;
                return;
            }
            _diffRunning = true;
        }
        PublishStatus();
        RunInBackground(DiffLoopAsync);
    }

    private async Task DiffLoopAsync(CancellationToken ct)
    {
        while (true)
        {
            lock (_gate) _diffAgain = false;
            try
            {
                await SyncOnceAsync(apply: _settings.Current.SubscriptionAutoSync, report: false, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                ReportFailure(null, "Reading the sync diff failed", e);
            }
            lock (_gate)
            {
                if (!_diffAgain || _disposed)
                {
                    _diffRunning = false;
                    return;
                }
            }
        }
    }

    /// <summary>On every (re)connection: presence from the server, and the diff (which also retries stalled downloads).</summary>
    private async Task ReconcileAsync(CancellationToken ct)
    {
        await RebuildPresenceAsync(ct).ConfigureAwait(false);
        bool stalled;
        lock (_gate) stalled = _stalled.Count > 0;
        if (!_settings.Current.SubscriptionSyncOnConnect && !stalled) return;
        try
        {
            await SyncOnceAsync(apply: _settings.Current.SubscriptionAutoSync, report: true, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            ReportFailure(null, "Reconciling after connecting failed", e);
        }
    }

    /// <summary>One diff: read, then apply (queue downloads, process removals) or, with auto sync off, only note what waits.</summary>
    /// <param name="report">Tell the server what is held first (reconcile, Sync Now); a missing file forces it, so the diff offers it again.</param>
    /// <returns>The batch of queued files, or null when nothing was applied.</returns>
    private async Task<SyncBatch?> SyncOnceAsync(bool apply, bool report, CancellationToken ct)
    {
        var missing = _state.All().Any(f => !File.Exists(f.Path));
        if (report || missing) await ReportStateAsync(ct).ConfigureAwait(false);
        var diff = await _client.GetSyncDiffAsync(_options.WorkstationId, ct: ct).ConfigureAwait(false);
        var wanted = diff.Downloads.Concat(diff.Updates).ToList();
        if (!apply)
        {
            lock (_gate)
            {
                foreach (var entry in wanted.Concat(diff.Removals)) _waiting.Add(entry.PartNumber);
            }
            PublishStatus();
            return null;
        }

        lock (_gate)
        {
            _waiting.Clear();
            _lastSyncAt = _time.GetUtcNow();
            // What the server no longer offers needs no retry.
            var offered = new HashSet<string>(wanted.Select(e => e.PartNumber), StringComparer.Ordinal);
            foreach (var pn in _stalled.Keys.Where(pn => !offered.Contains(pn)).ToList()) _stalled.Remove(pn);
        }
        foreach (var removal in diff.Removals) Untrack(removal);

        var batch = new SyncBatch(AllTarget);
        foreach (var entry in wanted)
        {
            string path;
            try
            {
                path = SubscriptionPaths.SubscriptionFilePath(_options.ProjectsDir, entry.Category, entry.PartNumber, entry.Description);
            }
            catch (ArgumentException e)
            {
                ReportFailure(entry.PartNumber, "The item cannot be placed on disk", e);
                continue;
            }
            batch.Add();
            Enqueue(new SyncWork(entry, path, batch));
        }
        batch.Seal();
        // The server keeps listing removals until told the workstation no longer holds them.
        if (diff.Removals.Count > 0) await ReportStateAsync(ct).ConfigureAwait(false);
        PublishStatus();
        _ = batch.Completion.ContinueWith(t => Summarize(t.Result), CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return batch;
    }

    private void Summarize(int written)
    {
        if (written > 1 && _settings.Current.SubscriptionNotify) _signals.Publish(new BulkSyncComplete(written, AllTarget));
    }

    /// <summary>
    /// Reports the server versions held, by the hash recorded at sync rather than the disk's: a
    /// file the user edited is still that version, and reporting its new hash would make the
    /// server offer an update (and so a conflict) when nothing changed remotely. Missing files
    /// are left out, so the diff offers them again.
    /// </summary>
    private Task ReportStateAsync(CancellationToken ct)
    {
        var items = _state.All()
            .Where(f => File.Exists(f.Path))
            .Select(f => new SyncStateItem(f.PartNumber, f.FileHash, f.IsCheckpoint ? null : f.Revision, f.CheckpointId, f.IsCheckpoint))
            .ToList();
        return _client.ReportSyncStateAsync(_options.WorkstationId, items, ct);
    }

    private void Untrack(SyncDiffEntry removal)
    {
        SyncWork? queued = _scheduler.Remove(removal.PartNumber);
        queued?.Batch?.Settle(synced: false);
        lock (_gate)
        {
            _deferred.Remove(removal.PartNumber);
            _conflicts.Remove(removal.PartNumber);
            _stalled.Remove(removal.PartNumber);
        }
        var tracked = _state.Untrack(removal.PartNumber);
        if (tracked is not null) _signals.Publish(new FileUntracked(removal.PartNumber, tracked.Path));
    }

    private void Enqueue(SyncWork work)
    {
        lock (_gate)
        {
            _stalled.Remove(work.PartNumber);
            // A newer target replaces a deferred or conflicting older one; the checks run again on it.
            _deferred.Remove(work.PartNumber);
            _conflicts.Remove(work.PartNumber);
        }
        _scheduler.Enqueue(work)?.Batch?.Settle(synced: false);
    }

    /// <summary>One file: defer, conflict, already there, or download → ack → record → signal. Never throws.</summary>
    /// <returns>Whether a file was written; the scheduler settles the work's batch with it once the item is off its books.</returns>
    private async Task<bool> ProcessAsync(SyncWork work)
    {
        var ct = _stop.Token;
        var (entry, path, pn) = (work.Entry, work.Path, work.PartNumber);
        var synced = false;
        try
        {
            if (_open.IsOpen(path))
            {
                lock (_gate) _deferred[pn] = work with { Batch = null };
                _signals.Publish(new FileDeferred(pn, path, entry.TargetRevision, entry.IsCheckpoint));
                return false;
            }

            var tracked = _state.Get(pn);
            var before = FileStamp.Of(path);
            if (before.Exists)
            {
                var (local, _) = await FileHashes.Sha256Async(path, ct).ConfigureAwait(false);
                var verdict = await DecideAsync(pn, local, tracked, entry, work.Overwrite, ct).ConfigureAwait(false);
                if (verdict == LocalCopyVerdict.AlreadyThere)
                {
                    // Already on disk (the user's own checkpoint, or an ack lost before): only the records lag.
                    await RecordAsync(entry, path, local, ct).ConfigureAwait(false);
                    lock (_gate) _diskStalled.Remove(pn);
                    await AckAsync(entry, local, ct).ConfigureAwait(false);
                    return false;
                }
                if ((verdict is LocalCopyVerdict.LocalChanges or LocalCopyVerdict.NewerThanTarget) && !work.Overwrite)
                {
                    if (entry.FileHash is not null && _state.SkippedTarget(pn) is { } skipped && SameHash(skipped, entry.FileHash)) return false;
                    var reason = verdict == LocalCopyVerdict.LocalChanges ? ConflictReasons.LocalModified : ConflictReasons.OlderVersion;
                    lock (_gate) _conflicts[pn] = (work with { Batch = null }, reason);
                    _signals.Publish(new FileConflict(pn, path, reason));
                    return false;
                }
            }

            if (entry.DownloadUrl is null)
            {
                _signals.Publish(new SyncError(pn, $"The server offered {pn} without a download address."));
                return false;
            }
            await _steps.CompletedAsync(CoreSteps.DownloadStarting, pn, ct).ConfigureAwait(false);
            if (await DownloadOverAsync(work, before, ct).ConfigureAwait(false) is not { } hash) return false;
            // Recorded before the server is told: the records describe the disk whether or not the ack gets through.
            await RecordAsync(entry, path, hash, ct).ConfigureAwait(false);
            lock (_gate) _diskStalled.Remove(pn);
            await AckAsync(entry, hash, ct).ConfigureAwait(false);
            synced = true;
            if (work.Overwrite || _settings.Current.SubscriptionNotify)
            {
                _signals.Publish(new FileSynced(pn, path, entry.TargetRevision, entry.IsCheckpoint, entry.CheckpointUser, entry.CheckpointContext,
                    tracked?.Revision));
            }
        }
        catch (UnavailableException)
        {
            // Not an error the user can act on: the connection state shows it, and the next
            // reconnection's reconcile retries with a fresh download address.
            lock (_gate)
            {
                if (!_disposed) _stalled[pn] = work with { Batch = null };
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (InvalidDataException e)
        {
            _signals.Publish(new SyncError(pn, e.Message));
        }
        catch (Exception e) when (StorageFailures.Classify(e) is StorageFailure.Full or StorageFailure.ReadOnly)
        {
            // The local disk, not the server or the file: fetched again once it can be written, without anyone asking.
            StallForDisk(work, e);
        }
        catch (Exception e)
        {
            ReportFailure(pn, $"Syncing {pn} failed", e);
        }
        finally
        {
            PublishStatus();
        }
        return synced;
    }

    /// <summary>
    /// Downloads beside the file, then moves it into place only if the file is still as it was
    /// checked: a document opened or saved while the bytes arrived is never replaced under the user.
    /// </summary>
    /// <returns>The new file's hash; null when it was not put in place (deferred, or now a conflict).</returns>
    private async Task<string?> DownloadOverAsync(SyncWork work, FileStamp checkedStamp, CancellationToken ct)
    {
        var (entry, path, pn) = (work.Entry, work.Path, work.PartNumber);
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.part");
        try
        {
            var hash = await _client.DownloadFileAsync(entry.DownloadUrl!, temp, entry.FileHash, ct).ConfigureAwait(false);
            await _steps.CompletedAsync(CoreSteps.DownloadFetched, pn, ct).ConfigureAwait(false);
            // What the file is about to become, written down before it becomes visible: see IncomingFiles.
            // Before the last look at the file, not after: this write is flushed to disk and takes time,
            // and a save landing between that look and the rename would be lost.
            _incoming.Expect(new IncomingFiles.Incoming(path, pn, VersionOf(entry, hash), Tracked(entry, path, hash)));
            await _steps.CompletedAsync(CoreSteps.DownloadExpected, pn, ct).ConfigureAwait(false);
            if (_open.IsOpen(path))
            {
                _incoming.Settle(path);
                lock (_gate) _deferred[pn] = work with { Batch = null };
                _signals.Publish(new FileDeferred(pn, path, entry.TargetRevision, entry.IsCheckpoint));
                return null;
            }
            if (FileStamp.Of(path) != checkedStamp)
            {
                _incoming.Settle(path);
                lock (_gate) _conflicts[pn] = (work with { Batch = null, Overwrite = false }, ConflictReasons.LocalModified);
                _signals.Publish(new FileConflict(pn, path, ConflictReasons.LocalModified));
                return null;
            }
            // The client flushed the bytes before naming the temp; this rename is flushed with its folder.
            DurableFiles.Replace(temp, path);
            await _steps.CompletedAsync(CoreSteps.DownloadPlaced, pn, ct).ConfigureAwait(false);
            return hash;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>What a file looked like when it was checked: a save changes its length or time.</summary>
    private sealed record FileStamp(bool Exists, long Length, DateTime LastWriteUtc)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(true, info.Length, info.LastWriteTimeUtc) : new FileStamp(false, 0, default);
        }
    }

    private async Task AckAsync(SyncDiffEntry entry, string hash, CancellationToken ct)
    {
        var ack = entry.IsCheckpoint
            ? new SyncAck(entry.ItemId, null, hash, CheckpointId: entry.CheckpointId, IsCheckpoint: true)
            : new SyncAck(entry.ItemId, null, hash, Revision: entry.TargetRevision);
        await _client.AckSyncAsync(_options.WorkstationId, ack, ct).ConfigureAwait(false);
        await _steps.CompletedAsync(CoreSteps.DownloadAcknowledged, entry.PartNumber, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The rule of <see cref="LocalCopy"/> on what is known locally; when that finds local changes,
    /// the server is asked whether the bytes are one of the item's versions. Records can lag the
    /// disk (a crash between a write and its record, a disk that was full): bytes the server holds
    /// as a version were not edited here, and replacing them with a newer version loses nothing.
    /// </summary>
    private async Task<LocalCopyVerdict> DecideAsync(string pn, string local, TrackedFile? tracked, SyncDiffEntry entry, bool overwrite, CancellationToken ct)
    {
        List<KnownCopy> known = tracked is null ? [] : [new KnownCopy(tracked.FileHash, tracked.Version)];
        var verdict = LocalCopy.Decide(local, known, entry.FileHash, entry.TargetVersion);
        if (verdict != LocalCopyVerdict.LocalChanges || overwrite) return verdict;
        IReadOnlyList<ItemVersion> versions;
        try
        {
            versions = await _client.ListVersionsAsync(pn, local, ct: ct).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return verdict;
        }
        known.AddRange(versions.Select(v => new KnownCopy(v.FileHash, v.Version)));
        return LocalCopy.Decide(local, known, entry.FileHash, entry.TargetVersion);
    }

    /// <summary>Lineage, then sync state, then the expectation settled: each step leaves what <see cref="IncomingFiles.RecoverAsync"/> can finish.</summary>
    private async Task RecordAsync(SyncDiffEntry entry, string path, string hash, CancellationToken ct)
    {
        _lineage.Record(path, entry.PartNumber, VersionOf(entry, hash), downloaded: true);
        await _steps.CompletedAsync(CoreSteps.DownloadLineageRecorded, entry.PartNumber, ct).ConfigureAwait(false);
        _state.Record(Tracked(entry, path, hash));
        await _steps.CompletedAsync(CoreSteps.DownloadStateRecorded, entry.PartNumber, ct).ConfigureAwait(false);
        _incoming.Settle(path);
        await _steps.CompletedAsync(CoreSteps.DownloadSettled, entry.PartNumber, ct).ConfigureAwait(false);
    }

    private TrackedFile Tracked(SyncDiffEntry entry, string path, string hash) =>
        new(entry.PartNumber, entry.ItemId, path, hash, entry.IsCheckpoint ? null : entry.TargetRevision, entry.CheckpointId, entry.IsCheckpoint,
            _time.GetUtcNow(), entry.TargetVersion);

    private static VersionRef VersionOf(SyncDiffEntry entry, string hash) =>
        new(hash, entry.IsCheckpoint ? VersionKinds.Checkpoint : VersionKinds.Revision, entry.IsCheckpoint ? entry.CheckpointId : null, entry.TargetVersion);

    /// <summary>Keeps the work for a retry after <see cref="SyncManagerOptions.DiskRetryDelay"/>; the user is told once per stretch of full disk.</summary>
    private void StallForDisk(SyncWork work, Exception e)
    {
        bool first, schedule;
        lock (_gate)
        {
            if (_disposed) return;
            _stalled[work.PartNumber] = work with { Batch = null };
            first = _diskStalled.Add(work.PartNumber) && _diskStalled.Count == 1;
            schedule = !_diskRetryScheduled;
            _diskRetryScheduled = true;
        }
        if (first)
        {
            _signals.Publish(new SyncError(work.PartNumber,
                $"{work.PartNumber} could not be written: {StorageFailures.Describe(e, Path.GetDirectoryName(work.Path)!)}. " +
                "The file on disk is unchanged; the download is tried again once there is room."));
        }
        if (schedule) RunInBackground(RetryAfterDiskAsync);
    }

    private async Task RetryAfterDiskAsync(CancellationToken ct)
    {
        await Task.Delay(_options.DiskRetryDelay, _time, ct).ConfigureAwait(false);
        lock (_gate) _diskRetryScheduled = false;
        // The server still offers what was not acknowledged: a fresh diff brings fresh download addresses too.
        RequestDiff(null);
    }

    private static bool SameHash(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private void ReportFailure(string? partNumber, string what, Exception e)
    {
        // Unreachable server: the connection state says so and reconnecting retries; no error to show.
        if (e is UnavailableException) return;
        _signals.Publish(new SyncError(partNumber, $"{what}: {e.Message}"));
    }

    private void RunInBackground(Func<CancellationToken, Task> work)
    {
        lock (_gate)
        {
            if (_disposed) return;
            var task = Task.Run(async () =>
            {
                try
                {
                    await work(_stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    // Stopping.
                }
                catch (Exception e)
                {
                    _signals.Publish(new SyncError(null, ServerWords.Describe(e)));
                }
            });
            _background.Add(task);
            _ = task.ContinueWith(t =>
            {
                lock (_gate) _background.Remove(t);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void PublishStatus()
    {
        lock (_statusGate)
        {
            if (_status.IsDisposed) return;
            SyncStatus next;
            lock (_gate)
            {
                // Distinct items: a failed download is stalled a moment before the scheduler lets go of it.
                var pending = _scheduler.PartNumbers().Union(_stalled.Keys, StringComparer.Ordinal).Union(_waiting, StringComparer.Ordinal).Count();
                next = new SyncStatus(pending, _outbox.PendingCount, _deferred.Count, _conflicts.Count, _connection, _lastSyncAt, _outbox.ConflictCount);
            }
            if (next == _currentStatus) return;
            _currentStatus = next;
            _status.OnNext(next);
        }
    }
}
