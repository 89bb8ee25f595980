using Silo.Client;
using SiloMod.Core.EditSessions;

namespace SiloMod.Core.Presence;

/// <summary>Reads the live sessions of every item the workstation follows or edits and replaces the map with them.</summary>
public sealed class PresenceRebuilder(ISiloClient client, string workstationId, PresenceMap presence, ActiveSessions held, Func<string?> currentUser)
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

        var user = currentUser();
        var sessions = new List<RemoteSession>();
        foreach (var partNumber in items)
        {
            foreach (var s in await client.GetEditSessionsAsync(partNumber, ct).ConfigureAwait(false))
            {
                sessions.Add(new RemoteSession(s.SessionId, partNumber, s.User, s.Workstation, s.ContextLevel, s.ObjectId, s.AcquiredAt,
                    IsOwnUser: user is not null && string.Equals(s.User, user, StringComparison.Ordinal)));
            }
        }
        return sessions;
    }
}
