using System.Text.Json;
using Silo.Server.Storage;

namespace Silo.Server.Subscriptions;

/// <summary>
/// What a workstation's subscriptions amount to: how many items they cover, how many have
/// something to hold, and why the others have nothing yet, so a client that downloaded nothing
/// can say why instead of "0 downloaded".
/// </summary>
internal static class SubscriptionSummaries
{
    internal static async Task<SubscriptionSummary> SummarizeAsync(DbSession s, IReadOnlyList<SubscriptionStore.Row> subscriptions,
        IReadOnlyList<SubscriptionResolver.Coverage> coverage, CancellationToken ct)
    {
        var waiting = coverage.Where(c => c.Governing is not null && c.Target is null).ToList();
        var ids = waiting.Select(c => c.Item.Id).ToList();
        var latest = ids.Count == 0
            ? new Dictionary<string, int>(StringComparer.Ordinal)
            : (await s.QueryAsync<(string ItemId, long Revision)>(
                $"SELECT item_id, MAX(revision) FROM revisions WHERE {s.Dialect.InList("item_id", "@ids")} GROUP BY item_id", new { ids = JsonSerializer.Serialize(ids) }, ct))
                .ToDictionary(r => r.ItemId, r => (int)r.Revision, StringComparer.Ordinal);
        return new SubscriptionSummary(
            subscriptions.Count,
            subscriptions.Count(r => r.IsPaused),
            coverage.Count,
            coverage.Count(c => c.Governing is not null && c.Target is not null),
            waiting.Select(c =>
            {
                int? revision = latest.TryGetValue(c.Item.Id, out var r) ? r : null;
                var reason = c.Governing!.RevisionPolicy == RevisionPolicies.Pinned ? WaitingReasons.PinnedRevisionMissing
                    : revision is null ? WaitingReasons.NoRevision
                    : WaitingReasons.NotReleased;
                return new WaitingItem(c.Item.PartNumber, c.Governing.Id, c.Governing.RevisionPolicy, (int?)c.Governing.PinnedRevision, reason, revision);
            }).ToList());
    }
}
