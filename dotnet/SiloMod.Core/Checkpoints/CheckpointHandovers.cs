using SiloMod.Core.Host;
using SiloMod.Core.Signals;

namespace SiloMod.Core.Checkpoints;

/// <summary>
/// Takes saved checkpoints from the host without making it wait: telling an unchanged file
/// (<see cref="CheckpointSubmission.OnlyIfChanged"/>) and copying a large file into the outbox
/// (hashed while copying, so the hash is of the very bytes queued) run on a background task, one
/// hand-over after the other, so a later checkpoint of an item never overtakes an earlier one and
/// is compared with the newest one queued before it.
/// </summary>
/// <remarks>
/// A hand-over that fails is shown as a <see cref="SyncError"/>; the host already went on. Stopping
/// waits up to <see cref="DrainBudget"/> for hand-overs in flight, so quitting right after leaving
/// a body still leaves its checkpoint in the outbox.
/// </remarks>
public sealed class CheckpointHandovers : IAsyncDisposable
{
    /// <summary>How long stopping waits for hand-overs in flight before cutting them short.</summary>
    public static readonly TimeSpan DrainBudget = TimeSpan.FromSeconds(60);

    private readonly ICheckpointOutbox _outbox;
    private readonly IUnchangedCheckpoints? _unchanged;
    private readonly SignalHub _signals;
    private readonly TimeProvider _time;
    private readonly TimeSpan _drainBudget;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;
    private bool _stopped;

    /// <param name="unchanged">Settles hand-overs marked OnlyIfChanged; null queues every hand-over.</param>
    /// <param name="drainBudget">Null for <see cref="DrainBudget"/>.</param>
    public CheckpointHandovers(ICheckpointOutbox outbox, IUnchangedCheckpoints? unchanged, SignalHub signals, TimeProvider? time = null, TimeSpan? drainBudget = null)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(signals);
        _outbox = outbox;
        _unchanged = unchanged;
        _signals = signals;
        _time = time ?? TimeProvider.System;
        _drainBudget = drainBudget ?? DrainBudget;
    }

    /// <summary>Queues the checkpoint for the outbox and returns at once.</summary>
    /// <exception cref="ObjectDisposedException">The core is stopping: nothing is taken any more.</exception>
    public void HandOver(CheckpointSubmission submission) => Queue(submission, reportFailure: true);

    /// <summary>Like <see cref="HandOver"/>, in the same order, but waits until the checkpoint is in the outbox (or settled as unchanged); a failure is thrown.</summary>
    public Task SubmitAsync(CheckpointSubmission submission, CancellationToken ct = default) => Queue(submission, reportFailure: false).WaitAsync(ct);

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
        // A waiting submission's failure went to its caller; only whether the tail ended matters here.
        await tail.WaitAsync(_drainBudget, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!tail.IsCompleted)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await tail.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _stop.Dispose();
    }

    private Task Queue(CheckpointSubmission submission, bool reportFailure)
    {
        ArgumentNullException.ThrowIfNull(submission);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            var previous = _tail;
            // Task.Run: even the first synchronous steps (opening the file) stay off the host's thread.
            return _tail = Task.Run(() => PutAfterAsync(previous, submission, reportFailure), CancellationToken.None);
        }
    }

    private async Task PutAfterAsync(Task previous, CheckpointSubmission submission, bool reportFailure)
    {
        // Each hand-over reports its own failure; the previous one is awaited only for the order.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            if (_unchanged is not null && await _unchanged.ReleaseIfUnchangedAsync(submission, _stop.Token).ConfigureAwait(false)) return;
            await _outbox.EnqueueAsync(submission, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (reportFailure)
        {
            var why = e is OperationCanceledException ? $"SiloMod stopped before it was copied within {_drainBudget.TotalSeconds:0} s" : e.Message;
            _signals.Publish(new SyncError(submission.PartNumber,
                $"The {submission.Context} checkpoint of {submission.PartNumber} could not be put in the outbox: {why}. " +
                $"Your file {submission.FilePath} is as you saved it; enter and leave the context again to send it."));
        }
    }
}
