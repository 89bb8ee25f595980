using Silo.Server.Auth;
using Silo.Server.Items;
using Silo.Server.Storage;

namespace Silo.Server.Checkpoints;

/// <summary>
/// Checkpoints: working states pushed between revisions. One past its <c>expires_at</c> is absent
/// for every query here, before the sweep has deleted its row. A new checkpoint is its item's head
/// and kept (<see cref="Time.Never"/>) until lineage starts its expiry.
/// </summary>
public sealed class CheckpointStore(TimeProvider time)
{
    // Dapper fills rows through setters: SQLite types NULL columns too loosely for constructor matching.
    internal sealed class Row
    {
        public string Id { get; init; } = "";
        public string ItemId { get; init; } = "";
        public string PartNumber { get; init; } = "";
        public string UserId { get; init; } = "";
        public string Username { get; init; } = "";
        public string? SessionId { get; init; }
        public string Context { get; init; } = "";
        public string FileHash { get; init; } = "";
        public long FileSize { get; init; }
        public bool DagSynced { get; init; }
        public long CreatedAt { get; init; }
        public long ExpiresAt { get; init; }
        public long? Version { get; init; }

        public Checkpoint ToView(string downloadUrl) => new(Id, ItemId, PartNumber, Username, Context,
            FileHash, FileSize, DagSynced, Time.FromStored(CreatedAt), Time.FromStoredExpiry(ExpiresAt), downloadUrl, Version);
    }

    private const string Select = """
        SELECT c.id, c.item_id, i.part_number, c.user_id, u.username, c.session_id, c.context, c.file_hash, c.file_size,
               c.dag_synced, c.created_at, c.expires_at, v.version
        FROM checkpoints c JOIN items i ON i.id = c.item_id JOIN users u ON u.id = c.user_id
        LEFT JOIN versions v ON v.ref_id = c.id AND v.kind = 'checkpoint'
        """;

    // Rows inserted in the same millisecond keep their insertion order through the rowid.
    private const string NewestFirst = " ORDER BY c.created_at DESC, c.rowid DESC";

    internal async Task<Row> InsertAsync(DbSession s, ItemRef item, SiloUser user, CheckpointContext context, string fileHash, long fileSize,
        string? sessionId, bool dagSynced, CancellationToken ct)
    {
        var id = Ids.New(time);
        var now = time.Now();
        await s.ExecuteAsync("""
            INSERT INTO checkpoints(id, item_id, user_id, session_id, context, file_hash, file_size, dag_synced, created_at, expires_at)
            VALUES (@id, @itemId, @userId, @sessionId, @context, @fileHash, @fileSize, @dagSynced, @now, @expiresAt)
            """,
            new
            {
                id, itemId = item.Id, userId = user.Id, sessionId, context = context.ToWire(), fileHash, fileSize, dagSynced = Flag.ToStored(dagSynced), now,
                expiresAt = Time.Never,
            }, ct);
        return (await s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE c.id = @id", new { id }, ct))!;
    }

    internal Task<Row?> FindAsync(DbSession s, ItemRef item, string id, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE c.id = @id AND c.item_id = @itemId AND c.expires_at > @now",
            new { id, itemId = item.Id, now = time.Now() }, ct);

    internal Task<Row?> LatestAsync(DbSession s, ItemRef item, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE c.item_id = @itemId AND c.expires_at > @now" + NewestFirst + " LIMIT 1",
            new { itemId = item.Id, now = time.Now() }, ct);

    internal async Task<IReadOnlyList<Row>> ListAsync(DbSession s, ItemRef item, int limit, CancellationToken ct) =>
        (await s.QueryAsync<Row>(Select + " WHERE c.item_id = @itemId AND c.expires_at > @now" + NewestFirst + " LIMIT @limit",
            new { itemId = item.Id, now = time.Now(), limit }, ct)).ToList();

    internal async Task DeleteAsync(DbSession s, string id, CancellationToken ct)
    {
        // The DAG outlives the checkpoint that brought it: it is still the item's latest known structure.
        await s.ExecuteAsync("UPDATE dags SET checkpoint_id = NULL WHERE checkpoint_id = @id", new { id }, ct);
        await s.ExecuteAsync("DELETE FROM checkpoints WHERE id = @id", new { id }, ct);
    }

    /// <returns>How many expired checkpoints were deleted.</returns>
    internal async Task<int> DeleteExpiredAsync(DbSession s, CancellationToken ct)
    {
        var now = time.Now();
        await s.ExecuteAsync("UPDATE dags SET checkpoint_id = NULL WHERE checkpoint_id IN (SELECT id FROM checkpoints WHERE expires_at <= @now)", new { now }, ct);
        return await s.ExecuteAsync("DELETE FROM checkpoints WHERE expires_at <= @now", new { now }, ct);
    }
}
