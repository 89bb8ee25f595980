using Silo.Client;

namespace SiloMod.Core.Presence;

/// <summary>
/// Replaces the map with the live sessions of every item the workstation cares about. The server
/// tells a workstation of sessions on the items it follows or edits; the items open here
/// (<paramref name="openItems"/>) it learns from this workstation, first, and only then is the
/// snapshot read, so no session begun or ended in between is missed. Sessions begun before the
/// workstation connected reach it only this way: the event stream tells of changes, not of what already is.
/// </summary>
/// <remarks>
/// Rebuilds run one at a time, in the order asked. Two at once could land their watch sets out of
/// order, leaving the server with an older set than the host's, and the older snapshot could
/// replace the map after the newer one, dropping sessions the stream had already told of.
/// </remarks>
/// <param name="openItems">Part numbers of the documents open in the host and of the items entry was refused on.</param>
public sealed class PresenceRebuilder(
    ISiloClient client, string workstationId, PresenceMap presence, Func<string?> currentUser, Func<IEnumerable<string>> openItems) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task RebuildAsync(CancellationToken ct = default)
    {
        await _oneAtATime.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            presence.BeginRebuild();
            try
            {
                presence.Replace(await ReadAsync(ct).ConfigureAwait(false));
            }
            catch
            {
                presence.AbandonRebuild();
                throw;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    private async Task<List<RemoteSession>> ReadAsync(CancellationToken ct)
    {
        await client.WatchItemsAsync(workstationId, new SortedSet<string>(openItems(), StringComparer.Ordinal), ct).ConfigureAwait(false);
        var heard = await client.GetPresenceAsync(workstationId, ct).ConfigureAwait(false);
        var user = currentUser();
        return [.. heard.SelectMany(item => item.Sessions.Select(s => RemoteSession.From(item.PartNumber, s, user)))];
    }
}
