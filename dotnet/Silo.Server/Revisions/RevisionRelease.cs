using Silo.Server.Auth;
using Silo.Server.Events;
using Silo.Server.Items;
using Silo.Server.Locks;
using Silo.Server.Problems;
using Silo.Server.Storage;
using Silo.Server.Subscriptions;

namespace Silo.Server.Revisions;

/// <summary>
/// Releasing a revision, for the API and the item page alike: the same lock rule, the same
/// <c>revision.released</c> event and the same <c>subscription.revision</c> to subscribers.
/// </summary>
public sealed class RevisionRelease(LockStore locks, RevisionStore revisions, EventLog events, SubscriptionNotifier subscribers)
{
    /// <summary>Releases inside the caller's write; releasing a released revision changes nothing and tells no one again.</summary>
    public async Task<Revision> ReleaseAsync(DbSession s, ItemRef item, int revision, SiloUser user, CancellationToken ct)
    {
        await locks.EnsureWritableAsync(s, item, user, ct);
        var existing = await revisions.FindAsync(s, item, revision, ct) ?? throw ProblemException.NotFound($"{item.PartNumber} has no revision {revision}.");
        if (existing.Status == RevisionStatuses.Released) return existing;
        var view = await revisions.ReleaseAsync(s, item, revision, user, ct);
        await events.AppendAsync(s, EventTypes.RevisionReleased, item.Id, item.PartNumber, view, EventAudience.Everyone, ct);
        await subscribers.RevisionReleasedAsync(s, item, view, ct);
        return view;
    }
}
