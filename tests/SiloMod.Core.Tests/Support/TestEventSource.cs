using System.Reactive.Subjects;
using System.Text.Json;
using Silo.Client.Events;
using SiloMod.Core.Events;

namespace SiloMod.Core.Tests.Support;

/// <summary>An event stream the test writes: events and connection states pushed by hand.</summary>
internal sealed class TestEventSource : IEventSource, IDisposable
{
    private readonly Subject<SiloEvent> _events = new();
    private readonly BehaviorSubject<ConnectionState> _states = new(ConnectionState.Offline);
    private long _nextId;

    public IObservable<SiloEvent> Events => _events;

    public IObservable<ConnectionState> States => _states;

    public bool HasObservers => _events.HasObservers;

    public void Connect() => _states.OnNext(ConnectionState.Connected);

    public void Drop() => _states.OnNext(ConnectionState.Reconnecting);

    public SiloEvent Push(string type, string? partNumber, SiloEventPayload payload)
    {
        var e = Make(++_nextId, type, partNumber, payload);
        _events.OnNext(e);
        return e;
    }

    public static SiloEvent Make(long id, string type, string? partNumber, SiloEventPayload payload) =>
        new(id, type, partNumber, DateTimeOffset.UnixEpoch, default(JsonElement)) { Payload = payload };

    public void Dispose()
    {
        _events.Dispose();
        _states.Dispose();
    }
}
