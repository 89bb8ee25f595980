using Silo.Client;

namespace SiloMod.Core.Presence;

/// <summary>
/// Replaces the map with the live sessions of every item the workstation cares about. The server
/// tells a workstation of sessions on the items it follows or edits; the items open here
/// (<paramref name="openItems"/>) it learns from this workstation, first, and only then is the
/// snapshot read, so no session begun or ended in between is missed. Sessions begun before the
/// workstation connected reach it only this way: the event stream tells of changes, not of what already is.
/// </summary>
/// <param name="openItems">Part numbers of the documents open in the host and of the items entry was refused on.</param>
public sealed class PresenceRebuilder(
    ISiloClient client, string workstationId, PresenceMap presence, Func<string?> currentUser, Func<IEnumerable<string>> openItems)
{
    public async Task RebuildAsync(CancellationToken ct = default)
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

    private async Task<List<RemoteSession>> ReadAsync(CancellationToken ct)
    {
        await client.WatchItemsAsync(workstationId, new SortedSet<string>(openItems(), StringComparer.Ordinal), ct).ConfigureAwait(false);
        var heard = await client.GetPresenceAsync(workstationId, ct).ConfigureAwait(false);
        var user = currentUser();
        return [.. heard.SelectMany(item => item.Sessions.Select(s => new RemoteSession(s.SessionId, item.PartNumber, s.User, s.Workstation,
            s.ContextLevel, s.ObjectId, s.AcquiredAt, IsOwnUser: user is not null && string.Equals(s.User, user, StringComparison.Ordinal))))];
    }
}
