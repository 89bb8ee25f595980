using System.Reactive.Linq;
using System.Reactive.Disposables;

namespace Silo.Client.Events;

/// <summary>
/// The server's events as an observable, reconnecting as <see cref="ISiloClient.FollowEventsAsync"/>
/// does. Subscribing opens the stream; concurrent subscribers share that one stream; disposing the
/// last subscription closes it. A later subscription resumes after the last event delivered, so
/// nothing is lost or repeated in between. A refusal reconnecting cannot cure (<see cref="Errors.AuthException"/>, ...)
/// ends the subscription through OnError.
/// </summary>
public sealed class SiloEventFeed : IObservable<SiloEvent>
{
    internal delegate IAsyncEnumerable<SiloEvent> Follow(long? lastEventId, Action<ConnectionState> onState, CancellationToken ct);

    private readonly IObservable<SiloEvent> _events;
    private readonly Lock _gate = new();
    private long? _lastEventId;
    private ConnectionState _state = ConnectionState.Offline;

    private event Action<ConnectionState>? StateChanged;

    internal SiloEventFeed(Follow follow, long? lastEventId)
    {
        _lastEventId = lastEventId;
        _events = Observable.Create<SiloEvent>(async (observer, ct) =>
        {
            try
            {
                await foreach (var e in follow(LastEventId, SetState, ct).ConfigureAwait(false))
                {
                    lock (_gate) _lastEventId = e.Id;
                    observer.OnNext(e);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Disposed: the subscription simply ends.
            }
            finally
            {
                SetState(ConnectionState.Offline);
            }
        }).Publish().RefCount();
    }

    /// <summary>
    /// The current state first, then every change. <see cref="ConnectionState.Reconnecting"/>
    /// followed by <see cref="ConnectionState.Connected"/> is the moment to reconcile (e.g. read the sync diff).
    /// </summary>
    public IObservable<ConnectionState> ConnectionStates => Observable.Create<ConnectionState>(observer =>
    {
        // Under the gate, so no change slips in between the current state and the subscription.
        lock (_gate)
        {
            observer.OnNext(_state);
            StateChanged += observer.OnNext;
        }
        return Disposable.Create(() =>
        {
            lock (_gate) StateChanged -= observer.OnNext;
        });
    });

    /// <summary>The id of the last event delivered (or the one given to start after).</summary>
    public long? LastEventId
    {
        get
        {
            lock (_gate) return _lastEventId;
        }
    }

    public IDisposable Subscribe(IObserver<SiloEvent> observer) => _events.Subscribe(observer);

    private void SetState(ConnectionState state)
    {
        lock (_gate)
        {
            if (_state == state) return;
            _state = state;
            StateChanged?.Invoke(state);
        }
    }
}
