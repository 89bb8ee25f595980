using System.Text.Json;
using Silo.Server.Audit;
using Silo.Server.Auth;
using Silo.Server.Events;
using Silo.Server.Hosting;
using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;
using Silo.Server.Workstations;

namespace Silo.Server.EditSessions;

/// <summary>
/// Edit sessions are leases: live while not ended and not past <c>expires_at</c>. A lapsed
/// session is treated as gone by every query here, before the sweeper records its end.
/// </summary>
public sealed class EditSessionStore(TimeProvider time, EventLog events, AuditLog audit, SiloServerOptions options, Checkpoints.DagStore dags)
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

        public EditSessionHolder ToHolder() => new(Id, Username, WorkstationName, ContextLevel, ObjectId, Time.FromStored(AcquiredAt));

        public EditSession ToView() =>
            new(Id, Username, WorkstationName, ContextLevel, ObjectId, Time.FromStored(AcquiredAt), Time.FromStored(ExpiresAt));
    }

    // Read straight from the table: going through LockStore would make it depend on this store
    // and this store on it (LockStore runs the check-out rules, one of which uses this store).
    private sealed class LockRow
    {
        public string LockedById { get; init; } = "";
        public string LockedBy { get; init; } = "";
        public long LockedAt { get; init; }
    }

    internal const string Select = """
        SELECT e.id, e.item_id, i.part_number, e.user_id, u.username, e.workstation_id, w.name AS workstation_name,
               e.context_level, e.object_id, e.cone, e.fencing_token, e.acquired_at, e.expires_at, e.ended_at, e.end_reason
        FROM edit_sessions e JOIN items i ON i.id = e.item_id JOIN users u ON u.id = e.user_id
        LEFT JOIN workstations w ON w.id = e.workstation_id
        """;

    internal Task<Row?> FindAsync(DbSession s, string sessionId, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE e.id = @sessionId", new { sessionId }, ct);

    public Task<long> CountLiveAsync(DbSession s, CancellationToken ct) =>
        s.ScalarAsync<long>("SELECT COUNT(*) FROM edit_sessions WHERE ended_at IS NULL AND expires_at > @now", new { now = time.Now() }, ct);

    /// <summary>A session's own columns, without the names of its item, user and workstation (left empty).</summary>
    private const string SelectBare = """
        SELECT e.id, e.item_id, e.user_id, e.workstation_id, e.context_level, e.object_id, e.cone, e.fencing_token,
               e.acquired_at, e.expires_at, e.ended_at, e.end_reason
        FROM edit_sessions e
        """;

    // rowid (insertion order) breaks ties between grants within one millisecond.
    private const string LiveForItem = " WHERE e.item_id = @itemId AND e.ended_at IS NULL AND e.expires_at > @now ORDER BY e.acquired_at, e.rowid";

    internal Task<IReadOnlyList<Row>> LiveForItemAsync(DbSession s, string itemId, CancellationToken ct) => LiveForItemAsync(s, Select, itemId, ct);

    private async Task<IReadOnlyList<Row>> LiveForItemAsync(DbSession s, string select, string itemId, CancellationToken ct) =>
        (await s.QueryAsync<Row>(select + LiveForItem, new { itemId, now = time.Now() }, ct)).ToList();

    /// <summary>
    /// The oldest live session of anyone but <paramref name="userId"/> on the item, if any: every
    /// check-out asks this, and almost always the answer is none, found from the index alone.
    /// </summary>
    internal async Task<Row?> FirstLiveOfOthersAsync(DbSession s, string itemId, string userId, CancellationToken ct) =>
        await s.QuerySingleOrDefaultAsync<string>("""
            SELECT id FROM edit_sessions WHERE item_id = @itemId AND ended_at IS NULL AND expires_at > @now AND user_id <> @userId
            ORDER BY acquired_at, rowid LIMIT 1
            """, new { itemId, userId, now = time.Now() }, ct) is { } id
            ? await FindAsync(s, id, ct)
            : null;

    public async Task<IReadOnlyList<EditSession>> ListLiveAsync(DbSession s, ItemRef item, CancellationToken ct) =>
        (await LiveForItemAsync(s, item.Id, ct)).Select(r => r.ToView()).ToList();

    /// <summary>
    /// The live sessions on every item the workstation hears about (the view <c>presence_audience</c>),
    /// grouped by item in part-number order: the snapshot its event stream keeps up to date.
    /// </summary>
    public Task<IReadOnlyList<ItemEditSessions>> ListHeardByAsync(DbSession s, string workstationId, CancellationToken ct) =>
        LiveByItemAsync(s, "SELECT a.item_id FROM presence_audience a WHERE a.workstation_id = @workstation", new { workstation = workstationId, now = time.Now() }, ct);

    /// <summary>
    /// The live sessions of the listed items that have any, grouped by item in part-number order:
    /// what a list of items shows beside each, for items whose sessions the caller's stream does not
    /// carry. Part numbers the server does not know are left out.
    /// </summary>
    public Task<IReadOnlyList<ItemEditSessions>> ListLiveAsync(DbSession s, IReadOnlyCollection<string> partNumbers, CancellationToken ct) =>
        LiveByItemAsync(s, $"SELECT i2.id FROM items i2 JOIN {s.Dialect.JsonValues("@partNumbers", "j")} ON i2.part_number = j.value COLLATE NOCASE",
            new { partNumbers = JsonSerializer.Serialize(partNumbers), now = time.Now() }, ct);

    /// <param name="itemIds">SQL selecting the ids of the items; with <c>@now</c>, its values are in <paramref name="parameters"/>.</param>
    private static async Task<IReadOnlyList<ItemEditSessions>> LiveByItemAsync(DbSession s, string itemIds, object parameters, CancellationToken ct)
    {
        var rows = await s.QueryAsync<Row>(Select + $"""
             WHERE e.item_id IN ({itemIds}) AND e.ended_at IS NULL AND e.expires_at > @now
             ORDER BY i.part_number, e.acquired_at, e.rowid
            """, parameters, ct);
        return [.. rows.GroupBy(r => r.PartNumber, StringComparer.Ordinal).Select(g => new ItemEditSessions(g.Key, [.. g.Select(r => r.ToView())]))];
    }

    /// <summary>
    /// Grants an edit session, or renews the caller's own live session on the same object from
    /// the same workstation. Refuses (409, naming the holder) when another user edits the same
    /// object or has the item checked out.
    /// </summary>
    /// <param name="cone">The client's cone; null computes it from the item's stored DAG.</param>
    public async Task<EditSessionResult> AcquireAsync(DbSession s, ItemRef item, SiloUser user, Workstation workstation,
        string contextLevel, string objectId, IReadOnlyList<string>? cone, CancellationToken ct)
    {
        var now = time.Now();
        if (await LockHeldByOtherAsync(s, item, user, now, ct) is { } held)
        {
            var holder = new EditSessionHolder(null, held.LockedBy, null, "item", item.PartNumber, Time.FromStored(held.LockedAt));
            throw HardInterference($"{item.PartNumber} is checked out by {held.LockedBy} since {holder.AcquiredAt:u}.", "item_locked", holder);
        }

        // Most acquires meet nobody: the checks run on the live sessions' bare rows, and the names are
        // read only when a refusal or a warning has to be worded.
        var live = await LiveForItemAsync(s, SelectBare, item.Id, ct);
        var named = false;
        if (InterferenceCheck.HardHolder(live, user.Id, objectId) is not null)
            (live, named) = (await LiveForItemAsync(s, item.Id, ct), true);
        if (InterferenceCheck.HardHolder(live, user.Id, objectId) is { } other)
        {
            var where = other.WorkstationName is null ? "" : $" on {other.WorkstationName}";
            throw HardInterference($"{other.Username} is editing {other.ObjectId}{where} since {Time.FromStored(other.AcquiredAt):u}.",
                "hard_interference", other.ToHolder());
        }

        var resolved = DependencyCone.Normalize(cone ?? await ConeFromDagAsync(s, item, objectId, ct), objectId);
        var conflicts = InterferenceCheck.SoftConflicts(live, user.Id, objectId, resolved);
        if (conflicts.Count > 0 && !named)
            conflicts = InterferenceCheck.SoftConflicts(await LiveForItemAsync(s, item.Id, ct), user.Id, objectId, resolved);
        var interference = conflicts.Count > 0 ? InterferenceLevels.Soft : InterferenceLevels.None;
        var expiresAt = now + (long)options.SessionTtl.Value.TotalMilliseconds;

        var own = live.FirstOrDefault(r => r.UserId == user.Id && r.WorkstationId == workstation.Id && r.ObjectId == objectId);
        if (own is not null)
        {
            // A retry or a re-entry: same lease and fencing token, newer cone.
            await s.ExecuteAsync("UPDATE edit_sessions SET expires_at = @expiresAt, cone = @cone, context_level = @contextLevel WHERE id = @Id",
                new { expiresAt, cone = DependencyCone.Serialize(resolved), contextLevel, own.Id }, ct);
            return new EditSessionResult(own.Id, interference, conflicts, own.FencingToken, Time.FromStored(expiresAt), Time.FromStored(own.AcquiredAt));
        }

        var fencingToken = await s.ScalarAsync<long>(
            "UPDATE items SET fencing_counter = fencing_counter + 1 WHERE id = @Id RETURNING fencing_counter", new { item.Id }, ct);
        var id = Ids.New(time);
        await s.ExecuteAsync("""
            INSERT INTO edit_sessions(id, item_id, user_id, workstation_id, context_level, object_id, cone, fencing_token, acquired_at, expires_at)
            VALUES (@id, @itemId, @userId, @workstationId, @contextLevel, @objectId, @cone, @fencingToken, @now, @expiresAt)
            """,
            new
            {
                id, itemId = item.Id, userId = user.Id, workstationId = workstation.Id, contextLevel, objectId,
                cone = DependencyCone.Serialize(resolved), fencingToken, now, expiresAt,
            }, ct);
        await TellPresenceAsync(s, EventTypes.EditSessionAcquired, item.Id, item.PartNumber, workstation.Id,
            new EditSessionAcquired(id, item.PartNumber, user.Username, workstation.Name, workstation.Id, contextLevel, objectId,
                Time.FromStored(now), Time.FromStored(expiresAt)), ct);
        return new EditSessionResult(id, interference, conflicts, fencingToken, Time.FromStored(expiresAt), Time.FromStored(now));
    }

    /// <summary>The owner releases; an admin may end anyone's session, but then must give a reason (audited).</summary>
    public async Task ReleaseAsync(DbSession s, ItemRef item, string sessionId, SiloUser user, string? forceReason, CancellationToken ct)
    {
        var row = await RequireLiveAsync(s, item, sessionId, ct);
        if (row.UserId == user.Id)
        {
            await EndAsync(s, row, SessionEndReasons.Released, ct);
            return;
        }
        if (!user.IsAdmin)
            throw ProblemException.Forbidden($"Edit session '{sessionId}' belongs to {row.Username}; only they or an admin can release it.");
        if (string.IsNullOrWhiteSpace(forceReason))
            throw new ValidationException(new Dictionary<string, string[]>
            {
                ["reason"] = ["Ending another user's edit session needs a reason (?reason=…); it is kept in the audit log."],
            });

        var reason = forceReason.Trim();
        await audit.RecordAsync(s, user, "edit_session.force_release", item.Id, row.UserId, reason,
            new
            {
                part_number = item.PartNumber, session_id = row.Id, holder = row.Username, workstation = row.WorkstationName,
                context_level = row.ContextLevel, object_id = row.ObjectId, acquired_at = Time.FromStored(row.AcquiredAt),
            }, ct);
        await TellPresenceAsync(s, EventTypes.EditForceReleased, item.Id, item.PartNumber, row.WorkstationId,
            new EditForceReleased(row.Id, item.PartNumber, row.Username, row.WorkstationName, row.WorkstationId, row.ContextLevel, row.ObjectId,
                user.Username, reason), ct);
        await EndAsync(s, row, SessionEndReasons.Forced, ct);
    }

    /// <summary>Asks the holder to let go: an event for the holder's workstation alone.</summary>
    public async Task<HandoffRequested> RequestHandoffAsync(DbSession s, ItemRef item, string sessionId, SiloUser requester, string? message, CancellationToken ct)
    {
        var row = await RequireLiveAsync(s, item, sessionId, ct);
        if (row.UserId == requester.Id)
            throw new ValidationException(new Dictionary<string, string[]>
            {
                ["session_id"] = ["This is your own edit session; release it instead of asking for a handoff."],
            });
        await events.AppendAsync(s, EventTypes.EditHandoffRequested, item.Id, item.PartNumber,
            new EditHandoffRequested(row.Id, item.PartNumber, row.ObjectId, requester.Username, message),
            new EventAudience(WorkstationId: row.WorkstationId), ct);
        return new HandoffRequested(row.Id, item.PartNumber, row.Username);
    }

    /// <summary>A workstation heartbeat: every live lease of the workstation runs for another full TTL.</summary>
    /// <returns>How many sessions were renewed and until when.</returns>
    public async Task<(int Renewed, DateTimeOffset ExpiresAt)> RenewForWorkstationAsync(DbSession s, string workstationId, CancellationToken ct)
    {
        var now = time.Now();
        var expiresAt = now + (long)options.SessionTtl.Value.TotalMilliseconds;
        var renewed = await s.ExecuteAsync("""
            UPDATE edit_sessions SET expires_at = @expiresAt
            WHERE workstation_id = @workstationId AND ended_at IS NULL AND expires_at > @now
            """, new { expiresAt, workstationId, now }, ct);
        return (renewed, Time.FromStored(expiresAt));
    }

    /// <summary>Ends the sessions of a workstation being deleted; ones already lapsed are recorded as expired.</summary>
    public async Task<int> EndForWorkstationAsync(DbSession s, string workstationId, CancellationToken ct)
    {
        var now = time.Now();
        var open = (await s.QueryAsync<Row>(Select + " WHERE e.workstation_id = @workstationId AND e.ended_at IS NULL ORDER BY e.acquired_at, e.rowid",
            new { workstationId }, ct)).ToList();
        foreach (var row in open)
            await EndAsync(s, row, row.IsLive(now) ? SessionEndReasons.WorkstationDeleted : SessionEndReasons.Expired, ct);
        return open.Count;
    }

    /// <summary>Records the end of every lapsed session, each with its <c>edit.session_released</c>.</summary>
    public async Task<int> SweepExpiredAsync(DbSession s, CancellationToken ct)
    {
        var lapsed = (await s.QueryAsync<Row>(Select + " WHERE e.ended_at IS NULL AND e.expires_at <= @now ORDER BY e.expires_at",
            new { now = time.Now() }, ct)).ToList();
        foreach (var row in lapsed) await EndAsync(s, row, SessionEndReasons.Expired, ct);
        return lapsed.Count;
    }

    /// <summary>
    /// Records the end of a session and tells the item's presence audience (<c>edit.session_released</c>); every other
    /// user whose live session overlapped it learns on its workstation that the soft conflict is
    /// over (<c>edit.interference_resolved</c>). Every way a session ends goes through here.
    /// </summary>
    /// <returns>False when the session had already ended (nothing is reported twice).</returns>
    internal async Task<bool> EndAsync(DbSession s, Row row, string reason, CancellationToken ct)
    {
        var endedAt = reason == SessionEndReasons.Expired ? Math.Min(row.ExpiresAt, time.Now()) : time.Now();
        var changed = await s.ExecuteAsync("UPDATE edit_sessions SET ended_at = @endedAt, end_reason = @reason WHERE id = @Id AND ended_at IS NULL",
            new { endedAt, reason, row.Id }, ct);
        if (changed == 0) return false;
        await TellPresenceAsync(s, EventTypes.EditSessionReleased, row.ItemId, row.PartNumber, row.WorkstationId,
            new EditSessionReleased(row.Id, row.PartNumber, row.Username, row.WorkstationName, row.WorkstationId, row.ContextLevel, row.ObjectId, reason), ct);

        // Only the ended session's names are told; of the remaining ones, the bare rows suffice.
        foreach (var remaining in await LiveForItemAsync(s, SelectBare, row.ItemId, ct))
        {
            if (remaining.UserId == row.UserId) continue;
            var shared = InterferenceCheck.SharedNodes(remaining, row);
            if (shared.Count == 0) continue;
            await events.AppendAsync(s, EventTypes.EditInterferenceResolved, row.ItemId, row.PartNumber,
                new EditInterferenceResolved(row.PartNumber, remaining.Id, remaining.ObjectId, row.Id, row.Username, row.ObjectId, shared, reason),
                new EventAudience(WorkstationId: remaining.WorkstationId), ct);
        }
        return true;
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

    private async Task<Row> RequireLiveAsync(DbSession s, ItemRef item, string sessionId, CancellationToken ct)
    {
        var row = await FindAsync(s, sessionId, ct);
        if (row is null || row.ItemId != item.Id || !row.IsLive(time.Now()))
            throw ProblemException.NotFound($"No live edit session '{sessionId}' on {item.PartNumber}.");
        return row;
    }

    private static Task<LockRow?> LockHeldByOtherAsync(DbSession s, ItemRef item, SiloUser user, long now, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<LockRow>("""
            SELECT l.locked_by AS locked_by_id, u.username AS locked_by, l.locked_at
            FROM locks l JOIN users u ON u.id = l.locked_by
            WHERE l.item_id = @itemId AND l.expires_at > @now AND l.locked_by <> @userId
            """, new { itemId = item.Id, now, userId = user.Id }, ct);

    private async Task<IReadOnlyList<string>> ConeFromDagAsync(DbSession s, ItemRef item, string objectId, CancellationToken ct) =>
        await dags.FindAsync(s, item.Id, ct) is { } stored ? DependencyCone.FromDag(stored.Dag, objectId) : [];

    internal static ProblemException HardInterference(string message, string code, EditSessionHolder holder) =>
        ProblemException.Conflict(message, new Dictionary<string, object?> { ["code"] = code, ["message"] = message, ["holder"] = holder });

    /// <summary>A session's start or end, told to the item's presence audience (<see cref="EventAudience.PresenceOf"/>).</summary>
    private Task<long> TellPresenceAsync(DbSession s, string type, string itemId, string partNumber, string sessionWorkstationId, object data, CancellationToken ct) =>
        events.AppendAsync(s, type, itemId, partNumber, data, EventAudience.PresenceOf(sessionWorkstationId), ct);
}
