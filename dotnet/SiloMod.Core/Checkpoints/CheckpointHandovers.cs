using SiloMod.Core.Host;
using SiloMod.Core.Signals;

namespace SiloMod.Core.Checkpoints;

/// <summary>
/// Takes saved checkpoints from the host without making it wait: copying a large file into the
/// outbox (hashed while copying, so the hash is of the very bytes queued) runs on a background
/// task, one hand-over after the other, so a later checkpoint of an item never overtakes an earlier one.
/// </summary>
/// <remarks>
/// A hand-over that fails is shown as a <see cref="SyncError"/>; the host already went on. Stopping
/// waits up to <see cref="DrainBudget"/> for hand-overs in flight, so quitting right after leaving
/// a body still leaves its checkpoint in the outbox.
/// </remarks>
public sealed class CheckpointHandovers : ICheckpointHistory, IAsyncDisposable
{
    /// <summary>How long stopping waits for hand-overs in flight before cutting them short.</summary>
    public static readonly TimeSpan DrainBudget = TimeSpan.FromSeconds(60);

    private readonly ICheckpointOutbox _outbox;
    private readonly ICheckpointHistory _history;
    private readonly SignalHub _signals;
    private readonly TimeProvider _time;
    private readonly TimeSpan _drainBudget;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    // Hand-overs not yet in the outbox, per item: their files' hashes are not known yet.
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private Task _tail = Task.CompletedTask;
    private bool _stopped;

    /// <param name="history">What the outbox holds and pushed; this answers from it once no hand-over of the item is in flight.</param>
    /// <param name="drainBudget">Null for <see cref="DrainBudget"/>.</param>
    public CheckpointHandovers(ICheckpointOutbox outbox, ICheckpointHistory history, SignalHub signals, TimeProvider? time = null, TimeSpan? drainBudget = null)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(signals);
        _outbox = outbox;
        _history = history;
        _signals = signals;
        _time = time ?? TimeProvider.System;
        _drainBudget = drainBudget ?? DrainBudget;
    }

    /// <summary>Queues the checkpoint for the outbox and returns at once.</summary>
    /// <exception cref="ObjectDisposedException">The core is stopping: nothing is taken any more.</exception>
    public void HandOver(CheckpointSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            _inFlight[submission.PartNumber] = _inFlight.GetValueOrDefault(submission.PartNumber) + 1;
            var previous = _tail;
            // Task.Run: even the first synchronous steps of the copy (opening the file) stay off the host's thread.
            _tail = Task.Run(() => EnqueueAfterAsync(previous, submission), CancellationToken.None);
        }
    }

    /// <summary>
    /// A hand-over of the item still in flight counts as a change: its hash is not known yet, and
    /// comparing with an older checkpoint could call a file unchanged that differs from the newest one queued.
    /// </summary>
    public bool IsHandingOver(string partNumber)
    {
        lock (_gate) return _inFlight.ContainsKey(partNumber);
    }

    public RecordedCheckpoint? LatestFor(string partNumber) => _history.LatestFor(partNumber);

    /// <summary>Waits (within the budget) for the hand-overs in flight; what is left then is cut short and reported.</summary>
    public async ValueTask DisposeAsync()
    {
        Task tail;
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            tail = _tail;
        }
        try
        {
            await tail.WaitAsync(_drainBudget, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await tail.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _stop.Dispose();
    }

    private async Task EnqueueAfterAsync(Task previous, CheckpointSubmission submission)
    {
        // Each hand-over reports its own failure, so the previous one never throws; awaited only for the order.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await _outbox.EnqueueAsync(submission, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var why = e is OperationCanceledException ? $"SiloMod stopped before it was copied within {_drainBudget.TotalSeconds:0} s" : e.Message;
            _signals.Publish(new SyncError(submission.PartNumber,
                $"The {submission.Context} checkpoint of {submission.PartNumber} could not be put in the outbox: {why}. " +
                $"Your file {submission.FilePath} is as you saved it; enter and leave the context again to send it."));
        }
        finally
        {
            lock (_gate)
            {
                if (_inFlight[submission.PartNumber] == 1) _inFlight.Remove(submission.PartNumber);
                else _inFlight[submission.PartNumber]--;
            }
        }
    }
}
