using Silo.Client;
using Silo.Client.Events;

namespace SiloMod.Core.Events;

/// <summary>The production <see cref="IEventSource"/>: the client's reconnecting feed for one workstation.</summary>
public sealed class SiloEventSource : IEventSource
{
    private readonly SiloEventFeed _feed;

    /// <param name="lastEventId">The id persisted in the sync state, so a restart misses nothing; null starts at the present.</param>
    public SiloEventSource(ISiloClient client, string workstationId, long? lastEventId, TimeSpan? reconnectDelay = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(workstationId);
        _feed = client.Events(workstationId, lastEventId, reconnectDelay);
    }

    public IObservable<SiloEvent> Events => _feed;

    public IObservable<ConnectionState> States => _feed.ConnectionStates;
}
