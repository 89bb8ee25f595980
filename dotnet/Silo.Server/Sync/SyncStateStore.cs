using System.Text.Json;
using Silo.Server.Storage;

namespace Silo.Server.Sync;

/// <summary>What each workstation holds, as it reported or acknowledged.</summary>
public sealed class SyncStateStore(TimeProvider time, SyncPendingStore pending)
{
    internal sealed class Row
    {
        public string ItemId { get; init; } = "";
        public string PartNumber { get; init; } = "";
        public string Category { get; init; } = "";
        public string Description { get; init; } = "";
        public long? Revision { get; init; }
        public string? CheckpointId { get; init; }
        public string FileHash { get; init; } = "";
        public long IsCheckpoint { get; init; }

        /// <summary>The held file's place in the item's lineage; null when it is not a known version (or one older than lineage).</summary>
        public long? Version { get; init; }

        public bool HoldsCheckpoint => IsCheckpoint != 0;
    }

    /// <summary>A validated entry of a report or an acknowledgement.</summary>
    internal sealed record Held(string ItemId, int? Revision, string? CheckpointId, string FileHash, bool IsCheckpoint);

    private const string Select = """
        SELECT ss.item_id, i.part_number, i.category, i.description, ss.revision, ss.checkpoint_id, ss.file_hash, ss.is_checkpoint,
               (SELECT v.version FROM versions v
                WHERE v.item_id = ss.item_id AND v.file_hash = ss.file_hash
                  AND (v.ref_id = ss.checkpoint_id OR (ss.is_checkpoint = 0 AND v.revision = ss.revision))) AS version
        FROM sync_state ss JOIN items i ON i.id = ss.item_id
        WHERE ss.workstation_id = @workstationId
        """;

    internal async Task<IReadOnlyList<Row>> ForWorkstationAsync(DbSession s, string workstationId, CancellationToken ct) =>
        (await s.QueryAsync<Row>(Select, new { workstationId }, ct)).ToList();

    /// <summary>What the workstation holds of these items, by item id (items it does not hold are absent).</summary>
    internal async Task<Dictionary<string, Row>> ForItemsAsync(DbSession s, string workstationId, IReadOnlyCollection<string> itemIds, CancellationToken ct) =>
        itemIds.Count == 0 ? new Dictionary<string, Row>(StringComparer.Ordinal)
            : (await s.QueryAsync<Row>(Select + $" AND {s.Dialect.InList("ss.item_id", "@ids")}",
                new { workstationId, ids = JsonSerializer.Serialize(itemIds) }, ct)).ToDictionary(r => r.ItemId, StringComparer.Ordinal);

    /// <summary>
    /// Replaces the workstation's whole state in two statements (the rows travel as one JSON
    /// parameter), so a report of ten thousand items costs no more round trips than one of ten.
    /// </summary>
    internal async Task ReplaceAsync(DbSession s, string workstationId, IReadOnlyList<Held> held, CancellationToken ct)
    {
        var rows = JsonSerializer.Serialize(held.Select(h => new object?[] { h.ItemId, h.Revision, h.CheckpointId, h.FileHash, h.IsCheckpoint ? 1 : 0 }));
        // Only the items whose held state this report changes (new, different or left out) need the diff's attention again.
        await s.ExecuteAsync($"""
            WITH incoming(item_id, revision, checkpoint_id, file_hash, is_checkpoint) AS ({Incoming(s.Dialect)})
            INSERT INTO sync_pending(workstation_id, item_id, part_number)
            SELECT @workstationId, i.id, i.part_number FROM items i
            WHERE i.id IN (
                SELECT n.item_id FROM incoming n
                LEFT JOIN sync_state ss ON ss.workstation_id = @workstationId AND ss.item_id = n.item_id
                WHERE ss.item_id IS NULL OR ss.revision IS DISTINCT FROM n.revision OR ss.checkpoint_id IS DISTINCT FROM n.checkpoint_id
                   OR ss.file_hash <> n.file_hash OR ss.is_checkpoint <> n.is_checkpoint
                UNION
                SELECT ss.item_id FROM sync_state ss
                WHERE ss.workstation_id = @workstationId AND ss.item_id NOT IN (SELECT item_id FROM incoming))
            ON CONFLICT(workstation_id, item_id) DO UPDATE SET stamp = sync_pending.stamp + 1
            """, new { workstationId, rows }, ct);
        await s.ExecuteAsync("DELETE FROM sync_state WHERE workstation_id = @workstationId", new { workstationId }, ct);
        if (held.Count == 0) return;
        await s.ExecuteAsync($"""
            INSERT INTO sync_state(workstation_id, item_id, revision, checkpoint_id, file_hash, is_checkpoint, synced_at)
            SELECT @workstationId, n.*, @now FROM ({Incoming(s.Dialect)}) n
            """, new { workstationId, rows, now = time.Now() }, ct);
    }

    /// <summary>The held rows of a report, as sent in one JSON parameter @rows.</summary>
    private static string Incoming(SqlDialect d) =>
        $"SELECT {d.JsonField("j", 0)}, CAST({d.JsonField("j", 1)} AS BIGINT), {d.JsonField("j", 2)}, {d.JsonField("j", 3)}, " +
        $"CAST({d.JsonField("j", 4)} AS BIGINT) FROM {d.JsonRows("@rows", "j")}";

    internal async Task UpsertAsync(DbSession s, string workstationId, Held held, CancellationToken ct)
    {
        await pending.AddAsync(s, workstationId, held.ItemId, ct);
        await s.ExecuteAsync("""
            INSERT INTO sync_state(workstation_id, item_id, revision, checkpoint_id, file_hash, is_checkpoint, synced_at)
            VALUES (@workstationId, @ItemId, @Revision, @CheckpointId, @FileHash, @IsCheckpoint, @now)
            ON CONFLICT(workstation_id, item_id) DO UPDATE SET
                revision = excluded.revision, checkpoint_id = excluded.checkpoint_id, file_hash = excluded.file_hash,
                is_checkpoint = excluded.is_checkpoint, synced_at = excluded.synced_at
            """, new { workstationId, held.ItemId, held.Revision, held.CheckpointId, held.FileHash, IsCheckpoint = Flag.ToStored(held.IsCheckpoint), now = time.Now() }, ct);
    }
}
