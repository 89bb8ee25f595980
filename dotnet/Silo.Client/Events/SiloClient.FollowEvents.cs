using System.Runtime.CompilerServices;
using Silo.Client.Errors;
using Silo.Client.Events;

namespace Silo.Client;

public sealed partial class SiloClient
{
    /// <summary>However long reconnecting has failed, the next try is at most this far off (unless the base delay is longer).</summary>
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);

    public IAsyncEnumerable<SiloEvent> FollowEventsAsync(
        string? workstationId = null, long? lastEventId = null, TimeSpan? reconnectDelay = null, CancellationToken ct = default) =>
        FollowAsync(workstationId, lastEventId, reconnectDelay, onState: null, ct);

    public SiloEventFeed Events(string? workstationId = null, long? lastEventId = null, TimeSpan? reconnectDelay = null) =>
        new((last, onState, ct) => FollowAsync(workstationId, last, reconnectDelay, onState, ct), lastEventId);

    /// <param name="onState">Told when a stream opens (<see cref="ConnectionState.Connected"/>) and
    /// when one is lost or cannot be opened (<see cref="ConnectionState.Reconnecting"/>).</param>
    internal async IAsyncEnumerable<SiloEvent> FollowAsync(
        string? workstationId, long? lastEventId, TimeSpan? reconnectDelay, Action<ConnectionState>? onState,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        // The server's own advice ("retry: 2000"), doubled for every consecutive failure so a
        // server that is down for long is not hammered by every workstation at once.
        var baseDelay = reconnectDelay ?? TimeSpan.FromSeconds(2);
        var maxDelay = baseDelay > MaxReconnectDelay ? baseDelay : MaxReconnectDelay;
        var delay = baseDelay;
        async Task WaitAsync()
        {
            onState?.Invoke(ConnectionState.Reconnecting);
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            delay = delay * 2 > maxDelay ? maxDelay : delay * 2;
        }

        // "From now" is pinned to an event id before the first connection, so the first
        // reconnect resumes from it too and nothing in between is lost.
        var last = lastEventId;
        while (last is null)
        {
            last = await TryHeadAsync(workstationId, ct).ConfigureAwait(false);
            if (last is null) await WaitAsync().ConfigureAwait(false);
        }

        void Opened()
        {
            delay = baseDelay;
            onState?.Invoke(ConnectionState.Connected);
        }

        while (true)
        {
            var events = StreamAsync(workstationId, last, Opened, ct).GetAsyncEnumerator(ct);
            try
            {
                while (await NextOrLostAsync(events).ConfigureAwait(false) is { } e)
                {
                    last = e.Id;
                    yield return e;
                }
            }
            finally
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }
            await WaitAsync().ConfigureAwait(false);
        }
    }

    /// <returns>The newest event id, or null when the server cannot be reached now.</returns>
    private async Task<long?> TryHeadAsync(string? workstationId, CancellationToken ct)
    {
        var path = "api/events/history?after=0&limit=1";
        if (workstationId is not null) path += "&workstation_id=" + Uri.EscapeDataString(workstationId);
        try
        {
            return (await GetAsync<EventPage>(path, ct).ConfigureAwait(false)).Head;
        }
        catch (UnavailableException)
        {
            return null;
        }
    }

    /// <returns>The next event, or null when the stream ended or broke (the caller reconnects).</returns>
    private static async Task<SiloEvent?> NextOrLostAsync(IAsyncEnumerator<SiloEvent> events)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false) ? events.Current : null;
        }
        catch (UnavailableException)
        {
            return null;
        }
    }
}
