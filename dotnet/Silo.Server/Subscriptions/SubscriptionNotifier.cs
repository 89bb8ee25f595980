using Silo.Server.Events;
using Silo.Server.Items;
using Silo.Server.Revisions;
using Silo.Server.Storage;

namespace Silo.Server.Subscriptions;

/// <summary>
/// Tells following workstations about new and released revisions (<c>subscription.revision</c>),
/// each through its own stream, inside the revision's transaction.
/// </summary>
public sealed class SubscriptionNotifier(EventLog events)
{

    /// <summary>
    /// A new revision changes the target of <c>latest</c> only; the author's own workstations
    /// already hold its bytes.
    /// </summary>
    /// <returns>How many workstations were told.</returns>
    public Task<int> RevisionCreatedAsync(DbSession s, ItemRef item, Revision revision, string authorUserId, CancellationToken ct) =>
        NotifyAsync(s, item, revision, [RevisionPolicies.Latest], authorUserId, ct);

    /// <summary>
    /// A release changes the target of <c>latest_released</c> only (for <c>latest</c> the file is
    /// the same). The releaser is not left out: reviewing a revision does not mean holding it.
    /// </summary>
    public Task<int> RevisionReleasedAsync(DbSession s, ItemRef item, Revision revision, CancellationToken ct) =>
        NotifyAsync(s, item, revision, [RevisionPolicies.LatestReleased], excludeUserId: null, ct);

    private async Task<int> NotifyAsync(DbSession s, ItemRef item, Revision revision, string[] policies, string? excludeUserId, CancellationToken ct)
    {
        var workstations = await SubscriberDirectory.WorkstationsFollowingAsync(s, item.Id, policies, excludeUserId, ct);
        var notice = new SubscriptionRevision(item.PartNumber, item.Id, revision.Number, revision.Status, revision.FileHash, revision.Version);
        return await events.AppendToWorkstationsAsync(s, EventTypes.SubscriptionRevision, item.Id, item.PartNumber, notice, workstations, ct);
    }
}
