using System.Text.Json;
using Silo.Server.Storage;

namespace Silo.Server.Sync;

/// <summary>What each workstation holds, as it reported or acknowledged.</summary>
public sealed class SyncStateStore(TimeProvider time)
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

    internal async Task<IReadOnlyList<Row>> ForWorkstationAsync(DbSession s, string workstationId, CancellationToken ct) =>
        (await s.QueryAsync<Row>("""
            SELECT ss.item_id, i.part_number, i.category, i.description, ss.revision, ss.checkpoint_id, ss.file_hash, ss.is_checkpoint,
                   (SELECT v.version FROM versions v
                    WHERE v.item_id = ss.item_id AND v.file_hash = ss.file_hash
                      AND (v.ref_id = ss.checkpoint_id OR (ss.is_checkpoint = 0 AND v.revision = ss.revision))) AS version
            FROM sync_state ss JOIN items i ON i.id = ss.item_id
            WHERE ss.workstation_id = @workstationId
            """, new { workstationId }, ct)).ToList();

    /// <summary>
    /// Replaces the workstation's whole state in two statements (the rows travel as one JSON
    /// parameter), so a report of ten thousand items costs no more round trips than one of ten.
    /// </summary>
    internal async Task ReplaceAsync(DbSession s, string workstationId, IReadOnlyList<Held> held, CancellationToken ct)
    {
        await s.ExecuteAsync("DELETE FROM sync_state WHERE workstation_id = @workstationId", new { workstationId }, ct);
        if (held.Count == 0) return;
        var rows = JsonSerializer.Serialize(held.Select(h => new object?[] { h.ItemId, h.Revision, h.CheckpointId, h.FileHash, h.IsCheckpoint ? 1 : 0 }));
        await s.ExecuteAsync("""
            INSERT INTO sync_state(workstation_id, item_id, revision, checkpoint_id, file_hash, is_checkpoint, synced_at)
            SELECT @workstationId, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),
                   json_extract(j.value, '$[3]'), json_extract(j.value, '$[4]'), @now
            FROM json_each(@rows) j
            """, new { workstationId, rows, now = time.Now() }, ct);
    }

    internal Task UpsertAsync(DbSession s, string workstationId, Held held, CancellationToken ct) =>
        s.ExecuteAsync("""
            INSERT INTO sync_state(workstation_id, item_id, revision, checkpoint_id, file_hash, is_checkpoint, synced_at)
            VALUES (@workstationId, @ItemId, @Revision, @CheckpointId, @FileHash, @IsCheckpoint, @now)
            ON CONFLICT(workstation_id, item_id) DO UPDATE SET
                revision = excluded.revision, checkpoint_id = excluded.checkpoint_id, file_hash = excluded.file_hash,
                is_checkpoint = excluded.is_checkpoint, synced_at = excluded.synced_at
            """, new { workstationId, held.ItemId, held.Revision, held.CheckpointId, held.FileHash, held.IsCheckpoint, now = time.Now() }, ct);
}
