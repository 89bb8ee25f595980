using System.Threading.Channels;
using Silo.Client.Events;

namespace Silo.Client.Tests.Events;

/// <summary>Subscribes to a feed's states and events and lets a test await each in turn (never a fixed sleep).</summary>
internal sealed class FeedRecorder : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly Channel<SiloEvent> _events = Channel.CreateUnbounded<SiloEvent>();
    private readonly Channel<ConnectionState> _states = Channel.CreateUnbounded<ConnectionState>();
    private readonly TaskCompletionSource<Exception> _error = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IDisposable _stateSubscription;
    private readonly IDisposable _eventSubscription;

    public FeedRecorder(SiloEventFeed feed)
    {
        _stateSubscription = feed.ConnectionStates.Subscribe(new Observer<ConnectionState>(s => _states.Writer.TryWrite(s), _ => { }));
        _eventSubscription = feed.Subscribe(new Observer<SiloEvent>(e => _events.Writer.TryWrite(e), e => _error.TrySetResult(e)));
    }

    public List<ConnectionState> States { get; } = [];

    public async Task<ConnectionState> NextStateAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var state = await _states.Reader.ReadAsync(timeout.Token);
        States.Add(state);
        return state;
    }

    public async Task<SiloEvent> NextEventAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await _events.Reader.ReadAsync(timeout.Token);
    }

    public bool TryTakeEvent(out SiloEvent? e) => _events.Reader.TryRead(out e);

    public async Task<Exception> ErrorAsync() => await _error.Task.WaitAsync(Patience);

    /// <summary>Ends the event subscription only, so the states of its end can still be read.</summary>
    public void DisposeEvents() => _eventSubscription.Dispose();

    public void Dispose()
    {
        _eventSubscription.Dispose();
        _stateSubscription.Dispose();
    }

    private sealed class Observer<T>(Action<T> next, Action<Exception> error) : IObserver<T>
    {
        public void OnNext(T value) => next(value);

        public void OnError(Exception error1) => error(error1);

        public void OnCompleted()
        {
        }
    }
}
