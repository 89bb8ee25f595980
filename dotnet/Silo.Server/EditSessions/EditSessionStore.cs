using Silo.Server.Auth;
using Silo.Server.Events;
using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.EditSessions;

/// <summary>
/// Edit sessions are leases: live while not ended and not past <c>expires_at</c>. A lapsed
/// session is treated as gone by every query here, before the sweeper records its end.
/// </summary>
public sealed class EditSessionStore(TimeProvider time, EventLog events)
{
    internal sealed class Row
    {
        public string Id { get; init; } = "";
        public string ItemId { get; init; } = "";
        public string PartNumber { get; init; } = "";
        public string UserId { get; init; } = "";
        public string Username { get; init; } = "";
        public string WorkstationId { get; init; } = "";
        public string? WorkstationName { get; init; }
        public string ContextLevel { get; init; } = "";
        public string ObjectId { get; init; } = "";
        public string Cone { get; init; } = "[]";
        public long FencingToken { get; init; }
        public long AcquiredAt { get; init; }
        public long ExpiresAt { get; init; }
        public long? EndedAt { get; init; }
        public string? EndReason { get; init; }

        public bool IsLive(long now) => EndedAt is null && ExpiresAt > now;
    }

    internal const string Select = """
        SELECT e.id, e.item_id, i.part_number, e.user_id, u.username, e.workstation_id, w.name AS workstation_name,
               e.context_level, e.object_id, e.cone, e.fencing_token, e.acquired_at, e.expires_at, e.ended_at, e.end_reason
        FROM edit_sessions e JOIN items i ON i.id = e.item_id JOIN users u ON u.id = e.user_id
        LEFT JOIN workstations w ON w.id = e.workstation_id
        """;

    internal Task<Row?> FindAsync(DbSession s, string sessionId, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE e.id = @sessionId", new { sessionId }, ct);

    internal async Task<IReadOnlyList<Row>> LiveForItemAsync(DbSession s, string itemId, CancellationToken ct) =>
        (await s.QueryAsync<Row>(Select + " WHERE e.item_id = @itemId AND e.ended_at IS NULL AND e.expires_at > @now ORDER BY e.acquired_at",
            new { itemId, now = time.Now() }, ct)).ToList();

    /// <summary>Records the end of a session and tells everyone (<c>edit.session_released</c>).</summary>
    internal async Task EndAsync(DbSession s, Row row, string reason, CancellationToken ct)
    {
        var endedAt = reason == SessionEndReasons.Expired ? Math.Min(row.ExpiresAt, time.Now()) : time.Now();
        await s.ExecuteAsync("UPDATE edit_sessions SET ended_at = @endedAt, end_reason = @reason WHERE id = @Id AND ended_at IS NULL",
            new { endedAt, reason, row.Id }, ct);
        await events.AppendAsync(s, EventTypes.EditSessionReleased, row.ItemId, row.PartNumber,
            new
            {
                session_id = row.Id, part_number = row.PartNumber, user = row.Username, workstation = row.WorkstationName,
                workstation_id = row.WorkstationId, context_level = row.ContextLevel, object_id = row.ObjectId, reason,
            },
            EventAudience.Everyone, ct);
    }

    /// <summary>
    /// Ends the session a checkpoint names, inside the checkpoint's transaction.
    /// </summary>
    /// <returns>True when this call released it; false when its lease had already run out and
    /// nobody else has taken the object since (the checkpoint is still accepted).</returns>
    /// <exception cref="ProblemException">404 unknown session, 403 another user's session, 409 when
    /// the lease ran out and another user has since been granted the object (superseded).</exception>
    public async Task<bool> EndForCheckpointAsync(DbSession s, ItemRef item, string sessionId, SiloUser user, CancellationToken ct)
    {
        var row = await FindAsync(s, sessionId, ct);
        if (row is null || row.ItemId != item.Id) throw ProblemException.NotFound($"No edit session '{sessionId}' on {item.PartNumber}.");
        if (row.UserId != user.Id) throw ProblemException.Forbidden($"Edit session '{sessionId}' belongs to {row.Username}.");

        if (row.IsLive(time.Now()))
        {
            await EndAsync(s, row, SessionEndReasons.Checkpoint, ct);
            return true;
        }

        var newer = await s.QuerySingleOrDefaultAsync<Row>(Select + """
             WHERE e.item_id = @ItemId AND e.object_id = @ObjectId AND e.user_id <> @UserId AND e.fencing_token > @FencingToken
             ORDER BY e.fencing_token DESC LIMIT 1
            """, new { row.ItemId, row.ObjectId, row.UserId, row.FencingToken }, ct);
        if (newer is not null)
        {
            throw ProblemException.Conflict(
                $"Superseded: the lease of session '{sessionId}' ran out and {newer.Username} has since been editing {row.ObjectId}.",
                new Dictionary<string, object?>
                {
                    ["code"] = "superseded",
                    ["superseded_by"] = new { session_id = newer.Id, user = newer.Username, acquired_at = Time.FromStored(newer.AcquiredAt), fencing_token = newer.FencingToken },
                });
        }

        // Lapsed but not yet swept: record the expiry now so it is reported exactly once.
        if (row.EndedAt is null) await EndAsync(s, row, SessionEndReasons.Expired, ct);
        return false;
    }
}
