using System.Runtime.CompilerServices;
using Silo.Client.Errors;
using Silo.Client.Events;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public async IAsyncEnumerable<SiloEvent> FollowEventsAsync(
        string? workstationId = null, long? lastEventId = null, TimeSpan? reconnectDelay = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        // The server's own advice ("retry: 2000").
        var delay = reconnectDelay ?? TimeSpan.FromSeconds(2);
        // "From now" is pinned to an event id before the first connection, so the first
        // reconnect resumes from it too and nothing in between is lost.
        var last = lastEventId;
        while (last is null)
        {
            last = await TryHeadAsync(workstationId, ct).ConfigureAwait(false);
            if (last is null) await Task.Delay(delay, _time, ct).ConfigureAwait(false);
        }

        while (true)
        {
            var events = StreamEventsAsync(workstationId, last, ct).GetAsyncEnumerator(ct);
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
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
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
