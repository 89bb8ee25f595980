namespace Silo.Server.Events;

/// <summary>
/// One open stream's inbox at the <see cref="EventBroadcaster"/>: the frames addressed to it that
/// it has not written yet. A stream that falls too far behind is not buffered without end: its
/// inbox is dropped and marked overflowed, and the stream reads what it missed from the log.
/// </summary>
public sealed class EventSubscription : IDisposable
{
    /// <summary>Frames kept for a stream that does not keep up; beyond it the log is cheaper than memory.</summary>
    public const int MaxPending = 10_000;

    private readonly Lock _gate = new();
    private readonly Action<EventSubscription> _unsubscribe;
    private List<EventFrame> _pending = [];
    private TaskCompletionSource _signal = NewSignal();
    private bool _overflowed;
    private bool _ended;

    internal EventSubscription(EventReader reader, Action<EventSubscription> unsubscribe)
    {
        Reader = reader;
        _unsubscribe = unsubscribe;
    }

    public EventReader Reader { get; }

    /// <summary>Completes when frames arrived since the last <see cref="Take"/> (or the inbox overflowed).</summary>
    public Task WaitAsync()
    {
        lock (_gate) return _pending.Count > 0 || _overflowed ? Task.CompletedTask : _signal.Task;
    }

    /// <summary>Frames wait to be taken (or the inbox overflowed); false once the stream has ended.</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate) return !_ended && (_pending.Count > 0 || _overflowed);
        }
    }

    /// <summary>Everything pending, oldest first; <paramref name="overflowed"/> says frames were dropped before these.</summary>
    public IReadOnlyList<EventFrame> Take(out bool overflowed)
    {
        lock (_gate)
        {
            var taken = _pending;
            overflowed = _overflowed;
            _pending = [];
            _overflowed = false;
            if (_signal.Task.IsCompleted) _signal = NewSignal();
            return taken;
        }
    }

    internal void Offer(EventFrame frame)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            if (_overflowed) return;
            if (_pending.Count >= MaxPending)
            {
                _pending = [];
                _overflowed = true;
            }
            else
            {
                _pending.Add(frame);
            }
            if (!_signal.Task.IsCompleted) wake = _signal;
        }
        wake?.TrySetResult();
    }

    public void Dispose()
    {
        lock (_gate) _ended = true;
        _unsubscribe(this);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
