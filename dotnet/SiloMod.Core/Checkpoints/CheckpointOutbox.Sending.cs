using Silo.Protocol.Checkpoints;
using Silo.Client.Errors;
using Silo.Protocol.Lineage;
using SiloMod.Core.Persistence;
using SiloMod.Core.Probes;
using SiloMod.Core.Messages;
using SiloMod.Core.Signals;

namespace SiloMod.Core.Checkpoints;

/// <summary>The background sender: pushes the oldest entry, records what the server accepted, waits and retries.</summary>
public sealed partial class CheckpointOutbox
{
    private enum Outcome
    {
        /// <summary>The entry left the outbox: pushed and recorded, kept as a conflict, or given up.</summary>
        Done,

        /// <summary>The server could not be reached: wait, watching for it to answer again.</summary>
        Unreachable,

        /// <summary>Anything else worth another try later (a server error, a refused token).</summary>
        Retry,

        /// <summary>The server accepted it and writing that down failed: tried again at the base delay, so a freed disk is noticed soon.</summary>
        RecordLater,
    }

    private enum WaitEnd
    {
        Timer,
        Nudge,
        ServerAnswered,
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        var delay = _options.RetryBaseDelay;
        var probedLastTime = false;
        while (!ct.IsCancellationRequested)
        {
            // Taken before looking at the entries: a nudge after the look completes this one, so it is never missed.
            var wake = Volatile.Read(ref _wake).Task;
            OutboxEntry? next;
            lock (_gate) next = _entries.Count > 0 ? _entries[0] : null;
            try
            {
                if (next is null)
                {
                    await wake.WaitAsync(ct).ConfigureAwait(false);
                    continue;
                }
                var outcome = await TryPushAsync(next, ct).ConfigureAwait(false);
                if (outcome == Outcome.Done)
                {
                    delay = _options.RetryBaseDelay;
                    probedLastTime = false;
                    continue;
                }
                // Watching for the server is cheap, but a server that answers the probe and still fails
                // the push must not be pushed to at the probe's pace: then one plain back-off comes in between.
                var probe = outcome == Outcome.Unreachable && !probedLastTime;
                var end = await WaitForRetryAsync(delay, wake, probe, ct).ConfigureAwait(false);
                probedLastTime = end == WaitEnd.ServerAnswered;
                delay = end == WaitEnd.Timer && outcome != Outcome.RecordLater
                    ? TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRetryDelay.Ticks))
                    : _options.RetryBaseDelay;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The sender must outlive any fault; each one is shown to the user.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // Bookkeeping failed (the disk?): say so and try again later rather than stop pushing for good.
                _signals.Publish(new SyncError(next?.PartNumber, $"The checkpoint outbox failed: {StorageFailures.Describe(e, _folder.Directory)}."));
                try
                {
                    await WaitForRetryAsync(delay, wake, probe: false, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task<Outcome> TryPushAsync(OutboxEntry entry, CancellationToken ct)
    {
        entry = entry with { Attempts = entry.Attempts + 1 };
        CheckpointResult? result;
        lock (_gate) _accepted.TryGetValue(entry.Id, out result);
        if (result is null)
        {
            try
            {
                result = await _client.PushCheckpointAsync(entry.PartNumber, _folder.PathOf(entry.SnapshotFile), entry.Context, entry.SessionId,
                    entry.Dag, entry.IdempotencyKey, entry.FileSha256, new PushLineage(entry.Base, entry.Overwrite), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                return await RefusedOrUnreachableAsync(entry, e, ct).ConfigureAwait(false);
            }
            await _steps.CompletedAsync(CoreSteps.PushAccepted, entry.PartNumber, ct).ConfigureAwait(false);
        }

        // The server has the checkpoint. What follows is this workstation writing that down, and
        // however it fails (a full disk) it is never the server's refusal: the entry stays until
        // it succeeds. Should the process end first, the entry is pushed again under the same
        // Idempotency-Key, and the server answers with this same result instead of storing it twice.
        try
        {
            await RecordAcceptedAsync(entry, result, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            bool first;
            lock (_gate)
            {
                _accepted[entry.Id] = result;
                first = _unrecorded.Add(entry.Id);
            }
            if (first)
            {
                _signals.Publish(new SyncError(entry.PartNumber,
                    $"The server took the {entry.Context} checkpoint of {entry.PartNumber}, but this workstation could not write that down: " +
                    $"{StorageFailures.Describe(e, _folder.Directory)}. It is tried again until it can; nothing is lost or pushed twice."));
            }
            return Outcome.RecordLater;
        }
        lock (_gate)
        {
            _accepted.Remove(entry.Id);
            _unrecorded.Remove(entry.Id);
        }
        // An overwrite made the user's file the head: the copy kept while it was refused has served its purpose.
        if (entry.ConflictCopy is { } copy) DeleteIfSame(copy, entry.FileSha256);
        _signals.Publish(new CheckpointPushed(entry.PartNumber, entry.Context, result.SubscribersNotified, result.CheckpointId, entry.FileSha256,
            entry.SourcePath, result.Version, entry.Overwrite));
        return Outcome.Done;
    }

    /// <summary>The last pushed hash, then the file's base, then the entry removed: a crash between any two leaves the entry, pushed again idempotently.</summary>
    private async Task RecordAcceptedAsync(OutboxEntry entry, CheckpointResult result, CancellationToken ct)
    {
        _pushed.Record(entry.PartNumber, entry.FileSha256, entry.Context);
        await _steps.CompletedAsync(CoreSteps.PushRecorded, entry.PartNumber, ct).ConfigureAwait(false);
        _lineage.Advance(entry.SourcePath, entry.FileSha256, new VersionRef(entry.FileSha256, VersionKinds.Checkpoint, result.CheckpointId, result.Version));
        await _steps.CompletedAsync(CoreSteps.PushLineageAdvanced, entry.PartNumber, ct).ConfigureAwait(false);
        Remove(entry, e => _folder.Delete(e));
        await _steps.CompletedAsync(CoreSteps.PushRemoved, entry.PartNumber, ct).ConfigureAwait(false);
    }

    /// <summary>The push failed before the server accepted it: the server's answer decides what happens to the entry.</summary>
    private async Task<Outcome> RefusedOrUnreachableAsync(OutboxEntry entry, Exception e, CancellationToken ct)
    {
        switch (PushFailures.Classify(e))
        {
            case PushFailure.Unreachable:
                Hold(entry, ServerWords.KeptUntilBack(e, $"your {entry.Context} checkpoint of {entry.PartNumber}"), error: false);
                return Outcome.Unreachable;
            case PushFailure.Unauthorized:
                Hold(entry, e.Message, error: true);
                return Outcome.Retry;
            case PushFailure.ServerError when entry.ServerErrors + 1 < _options.MaxServerErrorAttempts:
                Hold(entry with { ServerErrors = entry.ServerErrors + 1 }, ServerWords.Describe(e), error: false);
                return Outcome.Retry;
            case PushFailure.Stale:
                await ConflictAsync(entry, ((StaleBaseException)e).Head, ct).ConfigureAwait(false);
                return Outcome.Done;
            default:
                return await GiveUpAsync(entry, e, ct).ConfigureAwait(false) ? Outcome.Done : Outcome.Retry;
        }
    }

    /// <summary>Keeps the entry for a retry and tells the user once per entry (not on every attempt).</summary>
    private void Hold(OutboxEntry entry, string reason, bool error)
    {
        bool first;
        lock (_gate)
        {
            var at = _entries.FindIndex(e => e.Id == entry.Id);
            if (at >= 0)
            {
                _entries[at] = entry;
                try
                {
                    _folder.Write(entry);
                }
                catch (Exception e) when (StorageFailures.IsLocal(e))
                {
                    // Only the attempt counts are lost (the disk is full?); the entry on disk is still whole.
                }
            }
            first = _announced.Add(entry.Id);
        }
        if (!first) return;
        _signals.Publish(new CheckpointQueued(entry.PartNumber, entry.Context, reason));
        if (error)
            _signals.Publish(new SyncError(entry.PartNumber,
                $"The server refused the credentials while pushing the {entry.Context} checkpoint of {entry.PartNumber}: {reason}. It is kept and pushed once they are accepted."));
    }

    /// <summary>
    /// Waits out the back-off, or less: a nudge ends it, and so, when <paramref name="probe"/> is
    /// set, does the server answering a probe again. Checkpoints queued during an outage then leave
    /// within a probe interval of the server's return, however long the back-off had grown.
    /// </summary>
    private async Task<WaitEnd> WaitForRetryAsync(TimeSpan delay, Task wake, bool probe, CancellationToken ct)
    {
        using var waitOver = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timer = Task.Delay(delay, _time, waitOver.Token);
        var answered = probe ? ServerAnswersAsync(waitOver.Token) : Task.Delay(Timeout.Infinite, waitOver.Token);
        RetryScheduled?.Invoke(delay);
        var first = await Task.WhenAny(timer, wake, answered).ConfigureAwait(false);
        // Stops the timer and the probes still pending, so they do not linger on the clock.
        await waitOver.CancelAsync().ConfigureAwait(false);
        await answered.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ct.ThrowIfCancellationRequested();
        return first == wake ? WaitEnd.Nudge : first == answered && answered.IsCompletedSuccessfully ? WaitEnd.ServerAnswered : WaitEnd.Timer;
    }

    /// <summary>Completes when the server answers a probe; probes every <see cref="CheckpointOutboxOptions.ProbeInterval"/> until then.</summary>
    private async Task ServerAnswersAsync(CancellationToken ct)
    {
        while (true)
        {
            await Task.Delay(_options.ProbeInterval, _time, ct).ConfigureAwait(false);
            using var budget = new CancellationTokenSource(_options.ProbeTimeout, _time);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct, budget.Token);
            try
            {
                if (await _client.ProbeAsync(attempt.Token).ConfigureAwait(false))
                {
                    ServerAnswered?.Invoke();
                    return;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // No answer within the probe's budget: a server that accepts and never answers is not back.
            }
        }
    }
}
