using Silo.Server.Storage;
using Silo.Server.Subscriptions;

namespace Silo.Server.Sync;

/// <summary>
/// Builds one page of a workstation's sync diff from its pending items only (see
/// <see cref="SyncPendingStore"/>): the cost follows what changed for the workstation, not how
/// many items it follows, and a page reads about as many items as it returns. Items found in step
/// are handed back so they can be dropped from the pending set.
/// </summary>
public sealed class SyncDiffReader(TimeProvider time, SubscriptionStore subscriptions, SubscriptionResolver resolver, SyncStateStore state,
    SyncPendingStore pending)
{
    internal sealed record Page(SyncDiff Diff, IReadOnlyList<SyncPendingStore.Seen> InStep);

    // Dapper fills rows through setters: SQLite types NULL columns too loosely for constructor matching.
    private sealed class ExpiredRow
    {
        public string ItemId { get; init; } = "";
        public string PartNumber { get; init; } = "";
    }

    internal async Task<Page> ReadAsync(DbSession s, string workstationId, string ownerUserId, string? after, int limit, Func<string, string> downloadUrl,
        CancellationToken ct)
    {
        var matcher = new SubscriptionMatcher(await subscriptions.ForWorkstationAsync(s, workstationId, ct));
        // A checkpoint past its expiry changes a target before the sweep deletes it (which enters it
        // as pending). "latest" never goes back to an older version, so this only matters for a
        // held file the lineage does not know; such items are looked at too, and there are few.
        var expiring = await ExpiredCheckpointItemsAsync(s, after, ct);

        var entries = new List<SyncDiffEntry>(limit + 1);
        var inStep = new List<SyncPendingStore.Seen>();
        var cursor = after;
        var batchSize = limit + 1;
        while (entries.Count <= limit)
        {
            var batch = await pending.PageAsync(s, workstationId, cursor, batchSize, ct);
            var complete = batch.Count < batchSize;
            var upTo = complete ? null : batch[^1].PartNumber;
            var candidates = batch.Select(p => (p.ItemId, p.PartNumber, Stamp: (long?)p.Stamp)).ToList();
            var inBatch = new HashSet<string>(candidates.Select(c => c.ItemId), StringComparer.Ordinal);
            foreach (var e in expiring)
            {
                if (inBatch.Contains(e.ItemId)) continue;
                if (cursor is not null && PartNumberOrder.Instance.Compare(e.PartNumber, cursor) <= 0) continue;
                if (upTo is not null && PartNumberOrder.Instance.Compare(e.PartNumber, upTo) > 0) continue;
                candidates.Add((e.ItemId, e.PartNumber, null));
            }
            if (candidates.Count == 0) break;
            candidates.Sort((a, b) => PartNumberOrder.Instance.Compare(a.PartNumber, b.PartNumber));

            var ids = candidates.Select(c => c.ItemId).ToList();
            var coverage = await resolver.ResolveItemsAsync(s, matcher, ids, ownerUserId, ct);
            var held = await state.ForItemsAsync(s, workstationId, ids, ct);
            foreach (var (itemId, partNumber, stamp) in candidates)
            {
                if (entries.Count > limit) break;
                var entry = SyncDiffBuilder.EntryFor(coverage.GetValueOrDefault(itemId), held.GetValueOrDefault(itemId), downloadUrl);
                if (entry is not null) entries.Add(entry);
                else if (stamp is { } seen) inStep.Add(new SyncPendingStore.Seen(itemId, seen));
                cursor = partNumber;
            }
            if (complete) break;
        }

        var page = entries.Take(limit).ToList();
        var next = entries.Count > limit ? SyncCursor.Encode(page[^1].PartNumber) : null;
        var diff = new SyncDiff(
            page.Where(e => e.Action == SyncActions.Download).ToList(),
            page.Where(e => e.Action == SyncActions.Update).ToList(),
            page.Where(e => e.Action == SyncActions.Remove).ToList(),
            next);
        return new Page(diff, inStep);
    }

    private async Task<IReadOnlyList<ExpiredRow>> ExpiredCheckpointItemsAsync(DbSession s, string? after, CancellationToken ct) =>
        (await s.QueryAsync<ExpiredRow>($"""
            SELECT DISTINCT i.id AS item_id, i.part_number FROM checkpoints c JOIN items i ON i.id = c.item_id
            WHERE c.expires_at <= @now AND (@after IS NULL OR {s.Dialect.NoCaseKey("i.part_number")} > {s.Dialect.NoCaseKey("@after")})
            """, new { now = time.Now(), after }, ct)).ToList();
}
