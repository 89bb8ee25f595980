using System.Text.Json;
using Silo.Server.Storage;

namespace Silo.Server.Subscriptions;

/// <summary>
/// Works out what a workstation should hold: every item its subscriptions cover, the subscription
/// governing each, and that subscription's target (a revision, or for <c>latest</c> possibly
/// another user's checkpoint). A handful of set-based queries whatever the number of items; the
/// matching happens in memory.
/// </summary>
public sealed class SubscriptionResolver(TimeProvider time, SubscriptionStore store)
{
    internal sealed class ItemRow
    {
        public string Id { get; init; } = "";
        public string PartNumber { get; init; } = "";
        public string Category { get; init; } = "";
        public string Project { get; init; } = "";
        public string Description { get; init; } = "";
    }

    /// <summary>A revision (<see cref="Revision"/> set) or a checkpoint (<see cref="CheckpointId"/> set).</summary>
    internal sealed class TargetRow
    {
        public string ItemId { get; init; } = "";
        public long? Revision { get; init; }
        public string? CheckpointId { get; init; }
        public string? CheckpointContext { get; init; }
        public string? CheckpointUser { get; init; }
        public string FileHash { get; init; } = "";
        public long FileSize { get; init; }
        public long CreatedAt { get; init; }
        public long? Version { get; init; }

        public bool IsCheckpoint => CheckpointId is not null;
    }

    /// <param name="Governing">Null when only paused subscriptions cover the item.</param>
    /// <param name="Target">Null when the policy has nothing to offer yet (no released revision, pinned revision absent).</param>
    internal sealed record Coverage(ItemRow Item, SubscriptionStore.Row? Governing, TargetRow? Target);

    private static readonly string NotifyContextsJson = JsonSerializer.Serialize(CheckpointContexts.NotifyContexts.Order(StringComparer.Ordinal));

    private const string ItemColumns = "i.id, i.part_number, i.category, i.project, i.description";

    private const string RevisionColumns = "r.item_id, r.revision, r.file_hash, r.file_size, r.created_at, (SELECT v.version FROM versions v WHERE v.ref_id = r.id AND v.kind = 'revision') AS version";

    /// <returns>Every item any subscription of the workstation covers, paused ones included, in part-number order.</returns>
    internal async Task<IReadOnlyList<Coverage>> ResolveAsync(DbSession s, string workstationId, string ownerUserId, CancellationToken ct)
    {
        var subscriptions = await store.ForWorkstationAsync(s, workstationId, ct);
        if (subscriptions.Count == 0) return [];
        var matcher = new SubscriptionMatcher(subscriptions);

        // Three index-driven joins instead of one OR-join, which SQLite would answer with a scan of items.
        var items = (await s.QueryAsync<ItemRow>($"""
            SELECT {ItemColumns} FROM subscriptions sub JOIN items i ON i.part_number = sub.target
            WHERE sub.workstation_id = @workstationId AND sub.type = 'item'
            UNION
            SELECT {ItemColumns} FROM subscriptions sub JOIN items i ON i.project = sub.target
            WHERE sub.workstation_id = @workstationId AND sub.type = 'project'
            UNION
            SELECT {ItemColumns} FROM subscriptions sub JOIN items i ON i.category = sub.target
            WHERE sub.workstation_id = @workstationId AND sub.type = 'category'
            """, new { workstationId }, ct)).ToList();

        var governed = items.Select(i => (Item: i, matcher.For(i.PartNumber, i.Project, i.Category).Governing)).ToList();
        var result = await WithTargetsAsync(s, governed, ownerUserId, ct);
        result.Sort((a, b) => PartNumberOrder.Instance.Compare(a.Item.PartNumber, b.Item.PartNumber));
        return result;
    }

    /// <summary>
    /// The same answer for a few items only: those of <paramref name="itemIds"/> that the
    /// workstation's subscriptions cover, by item id. Costs what those items cost, however many
    /// more the subscriptions cover.
    /// </summary>
    internal async Task<Dictionary<string, Coverage>> ResolveItemsAsync(DbSession s, SubscriptionMatcher matcher, IReadOnlyCollection<string> itemIds,
        string ownerUserId, CancellationToken ct)
    {
        if (itemIds.Count == 0) return new Dictionary<string, Coverage>(StringComparer.Ordinal);
        var items = await s.QueryAsync<ItemRow>($"SELECT {ItemColumns} FROM items i WHERE {s.Dialect.InList("i.id", "@ids")}",
            new { ids = JsonSerializer.Serialize(itemIds) }, ct);
        var governed = new List<(ItemRow Item, SubscriptionStore.Row? Governing)>();
        foreach (var item in items)
        {
            var match = matcher.For(item.PartNumber, item.Project, item.Category);
            if (match.Covered) governed.Add((item, match.Governing));
        }
        return (await WithTargetsAsync(s, governed, ownerUserId, ct)).ToDictionary(c => c.Item.Id, StringComparer.Ordinal);
    }

    /// <summary>Each covered item's target under its governing subscription, in a handful of queries for all of them.</summary>
    private async Task<List<Coverage>> WithTargetsAsync(DbSession s, List<(ItemRow Item, SubscriptionStore.Row? Governing)> governed,
        string ownerUserId, CancellationToken ct)
    {
        var byPolicy = governed.Where(g => g.Governing is not null).ToLookup(g => g.Governing!.RevisionPolicy, StringComparer.Ordinal);

        var released = await LatestRevisionsAsync(s, byPolicy[RevisionPolicies.LatestReleased].Select(g => g.Item.Id), releasedOnly: true, ct);
        var latestIds = byPolicy[RevisionPolicies.Latest].Select(g => g.Item.Id).ToList();
        var latest = await LatestRevisionsAsync(s, latestIds, releasedOnly: false, ct);
        var checkpoints = await OthersCheckpointsAsync(s, latestIds, ownerUserId, ct);
        var pinned = await PinnedRevisionsAsync(s, byPolicy[RevisionPolicies.Pinned].Select(g => (g.Item.Id, g.Governing!.PinnedRevision ?? 0)), ct);

        var result = new List<Coverage>(governed.Count);
        foreach (var (item, governing) in governed)
        {
            var target = governing?.RevisionPolicy switch
            {
                RevisionPolicies.LatestReleased => released.GetValueOrDefault(item.Id),
                RevisionPolicies.Latest => Newest(latest.GetValueOrDefault(item.Id), checkpoints.GetValueOrDefault(item.Id)),
                RevisionPolicies.Pinned => pinned.GetValueOrDefault(item.Id),
                _ => null,
            };
            result.Add(new Coverage(item, governing, target));
        }
        return result;
    }

    /// <summary>A checkpoint wins only when it is later in the item's lineage than the latest revision.</summary>
    private static TargetRow? Newest(TargetRow? revision, TargetRow? checkpoint) =>
        checkpoint is not null && (revision is null || (checkpoint.Version ?? 0) > (revision.Version ?? 0)) ? checkpoint : revision;

    private static async Task<Dictionary<string, TargetRow>> LatestRevisionsAsync(DbSession s, IEnumerable<string> itemIds, bool releasedOnly, CancellationToken ct)
    {
        var ids = JsonSerializer.Serialize(itemIds.ToList());
        if (ids == "[]") return [];
        var status = releasedOnly ? "AND r2.status = 'released'" : "";
        var rows = await s.QueryAsync<TargetRow>($"""
            SELECT {RevisionColumns}
            FROM {s.Dialect.JsonValues("@ids", "j")}
            JOIN revisions r ON r.item_id = j.value
             AND r.revision = (SELECT MAX(r2.revision) FROM revisions r2 WHERE r2.item_id = j.value {status})
            """, new { ids }, ct);
        return rows.ToDictionary(r => r.ItemId, StringComparer.Ordinal);
    }

    private static async Task<Dictionary<string, TargetRow>> PinnedRevisionsAsync(DbSession s, IEnumerable<(string ItemId, long Revision)> wanted, CancellationToken ct)
    {
        var pairs = JsonSerializer.Serialize(wanted.Select(w => new object[] { w.ItemId, w.Revision }).ToList());
        if (pairs == "[]") return [];
        var rows = await s.QueryAsync<TargetRow>($"""
            SELECT {RevisionColumns}
            FROM {s.Dialect.JsonRows("@pairs", "j")}
            JOIN revisions r ON r.item_id = {s.Dialect.JsonField("j", 0)} AND r.revision = CAST({s.Dialect.JsonField("j", 1)} AS BIGINT)
            """, new { pairs }, ct);
        return rows.ToDictionary(r => r.ItemId, StringComparer.Ordinal);
    }

    /// <summary>Each item's newest live checkpoint by anyone but the workstation's owner, who has their own work locally.</summary>
    private async Task<Dictionary<string, TargetRow>> OthersCheckpointsAsync(DbSession s, List<string> itemIds, string ownerUserId, CancellationToken ct)
    {
        if (itemIds.Count == 0) return [];
        var rows = await s.QueryAsync<TargetRow>($"""
            SELECT cp.item_id, NULL AS revision, cp.id AS checkpoint_id, cp.context AS checkpoint_context, u.username AS checkpoint_user,
                   cp.file_hash, cp.file_size, cp.created_at,
                   (SELECT v.version FROM versions v WHERE v.ref_id = cp.id AND v.kind = 'checkpoint') AS version
            FROM {s.Dialect.JsonValues("@ids", "j")}
            JOIN checkpoints cp ON cp.id = (
                SELECT c2.id FROM checkpoints c2
                WHERE c2.item_id = j.value AND c2.user_id <> @ownerUserId AND c2.expires_at > @now AND {s.Dialect.InList("c2.context", "@contexts")}
                ORDER BY c2.created_at DESC, c2.rowid DESC LIMIT 1)
            JOIN users u ON u.id = cp.user_id
            """, new { ids = JsonSerializer.Serialize(itemIds), ownerUserId, now = time.Now(), contexts = NotifyContextsJson }, ct);
        return rows.ToDictionary(r => r.ItemId, StringComparer.Ordinal);
    }
}
