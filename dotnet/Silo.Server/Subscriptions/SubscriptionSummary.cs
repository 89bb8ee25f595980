using Silo.Server.Storage;

namespace Silo.Server.Subscriptions;

/// <summary>
/// What a workstation's subscriptions amount to: how many items they cover, how many have
/// something to hold, and why the others have nothing yet, so a client that downloaded nothing
/// can say why instead of "0 downloaded".
/// </summary>
/// <param name="CoveredItems">Items any subscription covers, paused ones included.</param>
/// <param name="ItemsWithTarget">Covered items whose governing subscription has a revision or checkpoint to offer.</param>
public sealed record SubscriptionSummary(int Subscriptions, int Paused, int CoveredItems, int ItemsWithTarget, IReadOnlyList<WaitingItem> Waiting);

/// <summary>A covered item whose subscription has nothing to offer yet.</summary>
/// <param name="Reason">One of <see cref="WaitingReasons"/>.</param>
/// <param name="LatestRevision">The item's highest revision (a draft when the reason is <see cref="WaitingReasons.NotReleased"/>); null when it has none.</param>
public sealed record WaitingItem(string PartNumber, string SubscriptionId, string RevisionPolicy, int? PinnedRevision, string Reason, int? LatestRevision);

public static class WaitingReasons
{
    /// <summary>Nothing was ever committed or pushed to the item.</summary>
    public const string NoRevision = "no_revision";

    /// <summary><c>latest_released</c> and every revision is a draft.</summary>
    public const string NotReleased = "not_released";

    /// <summary><c>pinned</c> to a revision the item does not have.</summary>
    public const string PinnedRevisionMissing = "pinned_revision_missing";

    internal static async Task<SubscriptionSummary> SummarizeAsync(DbSession s, IReadOnlyList<SubscriptionStore.Row> subscriptions,
        IReadOnlyList<SubscriptionResolver.Coverage> coverage, CancellationToken ct)
    {
        var waiting = coverage.Where(c => c.Governing is not null && c.Target is null).ToList();
        var ids = waiting.Select(c => c.Item.Id).ToList();
        var latest = ids.Count == 0
            ? new Dictionary<string, int>(StringComparer.Ordinal)
            : (await s.QueryAsync<(string ItemId, long Revision)>(
                "SELECT item_id, MAX(revision) FROM revisions WHERE item_id IN @ids GROUP BY item_id", new { ids }, ct))
                .ToDictionary(r => r.ItemId, r => (int)r.Revision, StringComparer.Ordinal);
        return new SubscriptionSummary(
            subscriptions.Count,
            subscriptions.Count(r => r.IsPaused),
            coverage.Count,
            coverage.Count(c => c.Governing is not null && c.Target is not null),
            waiting.Select(c =>
            {
                int? revision = latest.TryGetValue(c.Item.Id, out var r) ? r : null;
                var reason = c.Governing!.RevisionPolicy == RevisionPolicies.Pinned ? PinnedRevisionMissing
                    : revision is null ? NoRevision
                    : NotReleased;
                return new WaitingItem(c.Item.PartNumber, c.Governing.Id, c.Governing.RevisionPolicy, (int?)c.Governing.PinnedRevision, reason, revision);
            }).ToList());
    }
}
