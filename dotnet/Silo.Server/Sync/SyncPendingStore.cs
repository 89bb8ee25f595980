using System.Text.Json;
using Silo.Server.Storage;

namespace Silo.Server.Sync;

/// <summary>
/// The items each workstation's sync diff has to look at (table <c>sync_pending</c>): the ones
/// whose target, coverage or held state changed since the diff last found them in step. The
/// database's triggers add items when their revisions, checkpoints or grouping change; this store
/// adds the workstation-side changes and drops what the diff found in step.
/// </summary>
public sealed class SyncPendingStore
{
    internal sealed class Row
    {
        public string ItemId { get; init; } = "";
        public string PartNumber { get; init; } = "";
        public long Stamp { get; init; }
    }

    /// <summary>An entry the diff looked at and found nothing to do for, as it was then.</summary>
    internal readonly record struct Seen(string ItemId, long Stamp);

    /// <summary>The held state of this item changed (an acknowledgement).</summary>
    internal Task AddAsync(DbSession s, string workstationId, string itemId, CancellationToken ct) =>
        s.ExecuteAsync("""
            INSERT INTO sync_pending(workstation_id, item_id, part_number)
            SELECT @workstationId, id, part_number FROM items WHERE id = @itemId
            ON CONFLICT(workstation_id, item_id) DO UPDATE SET stamp = sync_pending.stamp + 1
            """, new { workstationId, itemId }, ct);

    /// <summary>
    /// Every item a subscription of the workstation covers: called when one is created, changed or
    /// deleted (before the delete), since which subscription governs those items may change.
    /// </summary>
    internal Task AddCoveredAsync(DbSession s, string workstationId, string type, string target, CancellationToken ct)
    {
        // One indexed condition per type: an OR over the three would have SQLite scan every item.
        var match = type switch
        {
            SubscriptionTypes.Item => "i.part_number = @target",
            SubscriptionTypes.Project => "i.project = @target",
            _ => "i.category = @target",
        };
        return s.ExecuteAsync($"""
            INSERT INTO sync_pending(workstation_id, item_id, part_number)
            SELECT @workstationId, i.id, i.part_number FROM items i WHERE {match}
            ON CONFLICT(workstation_id, item_id) DO UPDATE SET stamp = sync_pending.stamp + 1
            """, new { workstationId, target }, ct);
    }

    /// <summary>The workstation's next entries after <paramref name="after"/>, in part-number order.</summary>
    internal async Task<IReadOnlyList<Row>> PageAsync(DbSession s, string workstationId, string? after, int limit, CancellationToken ct) =>
        // Two statements rather than "@after IS NULL OR …", so that SQLite can seek to the cursor.
        (await s.QueryAsync<Row>(after is null
            ? $"SELECT item_id, part_number, stamp FROM sync_pending WHERE workstation_id = @workstationId ORDER BY {s.Dialect.NoCaseKey("part_number")} LIMIT @limit"
            : $"SELECT item_id, part_number, stamp FROM sync_pending WHERE workstation_id = @workstationId AND {s.Dialect.NoCaseKey("part_number")} > {s.Dialect.NoCaseKey("@after")} ORDER BY {s.Dialect.NoCaseKey("part_number")} LIMIT @limit",
            new { workstationId, after, limit }, ct)).ToList();

    /// <summary>Drops entries found in step, unless something re-entered them since (their stamp moved).</summary>
    internal Task<int> RemoveSeenAsync(DbSession s, string workstationId, IReadOnlyCollection<Seen> seen, CancellationToken ct) =>
        seen.Count == 0 ? Task.FromResult(0) : s.ExecuteAsync($"""
            DELETE FROM sync_pending
            WHERE workstation_id = @workstationId
              AND (item_id, stamp) IN (SELECT {s.Dialect.JsonField("j", 0)}, CAST({s.Dialect.JsonField("j", 1)} AS BIGINT) FROM {s.Dialect.JsonRows("@seen", "j")})
            """, new { workstationId, seen = JsonSerializer.Serialize(seen.Select(x => new object[] { x.ItemId, x.Stamp })) }, ct);
}
