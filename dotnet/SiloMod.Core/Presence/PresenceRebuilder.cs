using Silo.Client;
using SiloMod.Core.EditSessions;

namespace SiloMod.Core.Presence;

/// <summary>
/// Reads the live sessions of every item the workstation cares about — followed (subscriptions),
/// edited (held sessions), and open or synced here (<paramref name="localItems"/>) — and replaces
/// the map with them. Sessions begun before this workstation connected reach it only this way:
/// the event stream tells of changes, not of what already is.
/// </summary>
/// <param name="localItems">Part numbers of the documents open in the host and of the files synced here.</param>
public sealed class PresenceRebuilder(
    ISiloClient client, string workstationId, PresenceMap presence, ActiveSessions held, Func<string?> currentUser, Func<IEnumerable<string>> localItems)
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
        var resolved = await client.ResolveAllSubscriptionsAsync(workstationId, ct).ConfigureAwait(false);
        var items = new SortedSet<string>(resolved.Select(r => r.PartNumber), StringComparer.Ordinal);
        foreach (var session in held.All()) items.Add(session.PartNumber);
        foreach (var partNumber in localItems()) items.Add(partNumber);

        var user = currentUser();
        var sessions = new List<RemoteSession>();
        foreach (var partNumber in items)
        {
            IReadOnlyList<Silo.Protocol.EditSessions.EditSession> live;
            try
            {
                live = await client.GetEditSessionsAsync(partNumber, ct).ConfigureAwait(false);
            }
            catch (Silo.Client.Errors.NotFoundException)
            {
                continue; // an open document naming an item the server does not have: nobody edits it
            }
            foreach (var s in live)
            {
                sessions.Add(new RemoteSession(s.SessionId, partNumber, s.User, s.Workstation, s.ContextLevel, s.ObjectId, s.AcquiredAt,
                    IsOwnUser: user is not null && string.Equals(s.User, user, StringComparison.Ordinal)));
            }
        }
        return sessions;
    }
}
