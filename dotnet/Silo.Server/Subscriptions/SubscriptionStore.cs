using Silo.Server.Events;
using Silo.Server.Storage;

namespace Silo.Server.Subscriptions;

/// <summary>
/// Subscription rows. Every change is told to the owning workstation (<c>subscription.update</c>)
/// in the same transaction, so its client re-reads the sync diff exactly when something changed.
/// </summary>
public sealed class SubscriptionStore(TimeProvider time, EventLog events, Sync.SyncPendingStore pending)
{
    // Dapper fills rows through setters: SQLite types NULL columns too loosely for constructor matching.
    internal sealed class Row
    {
        public string Id { get; init; } = "";
        public string WorkstationId { get; init; } = "";
        public string Type { get; init; } = "";
        public string Target { get; init; } = "";
        public string RevisionPolicy { get; init; } = "";
        public long? PinnedRevision { get; init; }
        public long Paused { get; init; }

        public bool IsPaused => Paused != 0;
        public long CreatedAt { get; init; }
        public long? LastSyncAt { get; init; }

        public Subscription ToView() => new(Id, WorkstationId, Type, Target, RevisionPolicy, (int?)PinnedRevision, IsPaused,
            Time.FromStored(CreatedAt), Time.FromStored(LastSyncAt));
    }

    private const string Select = """
        SELECT id, workstation_id, type, target, revision_policy, pinned_revision, paused, created_at, last_sync_at FROM subscriptions
        """;

    internal Task<Row?> FindAsync(DbSession s, string id, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }, ct);

    internal async Task<IReadOnlyList<Row>> ForWorkstationAsync(DbSession s, string workstationId, CancellationToken ct) =>
        (await s.QueryAsync<Row>(Select + " WHERE workstation_id = @workstationId ORDER BY created_at, id", new { workstationId }, ct)).ToList();

    /// <summary>Item targets compare without case, as part numbers do.</summary>
    internal Task<Row?> FindSameAsync(DbSession s, string workstationId, string type, string target, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<Row>(Select + """
             WHERE workstation_id = @workstationId AND type = @type
               AND (target = @target OR (type = 'item' AND target = @target COLLATE NOCASE))
            """, new { workstationId, type, target }, ct);

    internal async Task<Row> CreateAsync(DbSession s, string workstationId, string type, string target, string policy, int? pinnedRevision, CancellationToken ct)
    {
        var id = Ids.New(time);
        await s.ExecuteAsync("""
            INSERT INTO subscriptions(id, workstation_id, type, target, revision_policy, pinned_revision, paused, created_at)
            VALUES (@id, @workstationId, @type, @target, @policy, @pinnedRevision, 0, @now)
            """, new { id, workstationId, type, target, policy, pinnedRevision, now = time.Now() }, ct);
        var row = (await FindAsync(s, id, ct))!;
        await pending.AddCoveredAsync(s, workstationId, type, target, ct);
        await TellAsync(s, SubscriptionChangeActions.Created, row, ct);
        return row;
    }

    internal async Task<Row> UpdateAsync(DbSession s, Row row, string policy, int? pinnedRevision, bool paused, CancellationToken ct)
    {
        await s.ExecuteAsync("UPDATE subscriptions SET revision_policy = @policy, pinned_revision = @pinnedRevision, paused = @paused WHERE id = @Id",
            new { policy, pinnedRevision, paused = Flag.ToStored(paused), row.Id }, ct);
        var updated = (await FindAsync(s, row.Id, ct))!;
        await pending.AddCoveredAsync(s, row.WorkstationId, row.Type, row.Target, ct);
        await TellAsync(s, SubscriptionChangeActions.Updated, updated, ct);
        return updated;
    }

    internal async Task DeleteAsync(DbSession s, Row row, CancellationToken ct)
    {
        await pending.AddCoveredAsync(s, row.WorkstationId, row.Type, row.Target, ct);
        await s.ExecuteAsync("DELETE FROM subscriptions WHERE id = @Id", new { row.Id }, ct);
        await TellAsync(s, SubscriptionChangeActions.Deleted, row, ct);
    }

    internal Task MarkSyncedAsync(DbSession s, string id, CancellationToken ct) =>
        s.ExecuteAsync("UPDATE subscriptions SET last_sync_at = @now WHERE id = @id", new { now = time.Now(), id }, ct);

    private Task<long> TellAsync(DbSession s, string action, Row row, CancellationToken ct) =>
        events.AppendAsync(s, EventTypes.SubscriptionUpdate, null, null, new SubscriptionChanged(action, row.ToView()),
            new EventAudience(WorkstationId: row.WorkstationId), ct);
}
