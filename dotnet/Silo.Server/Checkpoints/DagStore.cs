using System.Text.Json;
using Silo.Server.Json;
using Silo.Server.Storage;

namespace Silo.Server.Checkpoints;

/// <summary>The latest dependency DAG of each item, kept in the format it was pushed in.</summary>
public sealed class DagStore(TimeProvider time)
{
    public sealed class Row
    {
        public string ItemId { get; init; } = "";
        public string Dag { get; init; } = "";
        public string? CheckpointId { get; init; }
        public long UpdatedAt { get; init; }
    }

    public Task UpsertAsync(DbSession s, string itemId, Dag dag, string? checkpointId, CancellationToken ct) =>
        s.ExecuteAsync("""
            INSERT INTO dags(item_id, dag, checkpoint_id, updated_at) VALUES (@itemId, @dag, @checkpointId, @now)
            ON CONFLICT(item_id) DO UPDATE SET dag = excluded.dag, checkpoint_id = excluded.checkpoint_id, updated_at = excluded.updated_at
            """,
            new { itemId, dag = JsonSerializer.Serialize(dag, SiloJson.Options), checkpointId, now = time.Now() }, ct);

    public Task<Row?> FindAsync(DbSession s, string itemId, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<Row>("SELECT item_id, dag, checkpoint_id, updated_at FROM dags WHERE item_id = @itemId", new { itemId }, ct);
}
