using Silo.Client.Errors;
using Silo.Client.Events;
using Silo.Client.Files;
using Silo.Protocol.Lineage;
using Silo.Client.Sync;
using SiloMod.Core.Items;
using SiloMod.Core.Persistence;
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
        var diff = await _engine.ReadDiffAsync(ct).ConfigureAwait(false);
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
            var offered = new HashSet<string>(wanted.Select(e => e.PartNumber), PartNumberRule.Comparer);
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

    /// <summary>What is held, as <see cref="SyncEngine.ReportHeldAsync"/> reports it.</summary>
    private Task ReportStateAsync(CancellationToken ct) => _engine.ReportHeldAsync(ct);

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
            var check = await _engine.CheckAsync(entry, path, work.Overwrite, ct).ConfigureAwait(false);
            if (check.Verdict == LocalCopyVerdict.AlreadyThere && check.LocalHash is { } local)
            {
                // Already on disk (the user's own checkpoint, or an ack lost before): only the records lag.
                await _engine.RecordAsync(entry, path, local, ct).ConfigureAwait(false);
                lock (_gate) _diskStalled.Remove(pn);
                await _engine.AckAsync(entry, local, ct).ConfigureAwait(false);
                return false;
            }
            if ((check.Verdict is LocalCopyVerdict.LocalChanges or LocalCopyVerdict.NewerThanTarget) && !work.Overwrite)
            {
                if (_engine.IsSkipped(entry)) return false;
                var reason = check.Verdict == LocalCopyVerdict.LocalChanges ? ConflictReasons.LocalModified : ConflictReasons.OlderVersion;
                lock (_gate) _conflicts[pn] = (work with { Batch = null }, reason);
                _signals.Publish(new FileConflict(pn, path, reason));
                return false;
            }

            if (await DownloadOverAsync(work, check, ct).ConfigureAwait(false) is not { } hash) return false;
            await _engine.RecordAsync(entry, path, hash, ct).ConfigureAwait(false);
            lock (_gate) _diskStalled.Remove(pn);
            await _engine.AckAsync(entry, hash, ct).ConfigureAwait(false);
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

    /// <summary>The engine's download; a file opened meanwhile is deferred, one saved meanwhile becomes a conflict.</summary>
    /// <returns>The new file's hash; null when it was not put in place.</returns>
    private async Task<string?> DownloadOverAsync(SyncWork work, LocalCheck check, CancellationToken ct)
    {
        var (entry, path, pn) = (work.Entry, work.Path, work.PartNumber);
        var placement = await _engine.DownloadAsync(entry, path, check, _open.IsOpen, progress: null, ct).ConfigureAwait(false);
        switch (placement.Outcome)
        {
            case PlacementOutcome.HeldBack:
                lock (_gate) _deferred[pn] = work with { Batch = null };
                _signals.Publish(new FileDeferred(pn, path, entry.TargetRevision, entry.IsCheckpoint));
                return null;
            case PlacementOutcome.ChangedMeanwhile:
                lock (_gate) _conflicts[pn] = (work with { Batch = null, Overwrite = false }, ConflictReasons.LocalModified);
                _signals.Publish(new FileConflict(pn, path, ConflictReasons.LocalModified));
                return null;
            default:
                return placement.Hash;
        }
    }

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
                var pending = _scheduler.PartNumbers().Union(_stalled.Keys, PartNumberRule.Comparer).Union(_waiting, PartNumberRule.Comparer).Count();
                next = new SyncStatus(pending, _outbox.PendingCount, _deferred.Count, _conflicts.Count, _connection, _lastSyncAt, _outbox.ConflictCount);
            }
            if (next == _currentStatus) return;
            _currentStatus = next;
            _status.OnNext(next);
        }
    }
}
