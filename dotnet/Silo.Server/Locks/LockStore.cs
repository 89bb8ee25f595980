using Silo.Server.Auth;
using Silo.Server.Audit;
using Silo.Server.Events;
using Silo.Server.Items;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Locks;

/// <summary>
/// Check-out locks: one per item, owned by one user until released or expired. A lock whose
/// <c>expires_at</c> has passed is treated as absent by every query here, before the sweeper
/// has even removed its row.
/// </summary>
public sealed class LockStore(TimeProvider time, EventLog events, AuditLog audit, IEnumerable<ICheckoutRule> rules)
{
    // Dapper fills rows through setters: SQLite types NULL columns too loosely for constructor matching.
    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string ItemId { get; init; } = "";
        public string PartNumber { get; init; } = "";
        public string LockedById { get; init; } = "";
        public string LockedBy { get; init; } = "";
        public long LockedAt { get; init; }
        public long ExpiresAt { get; init; }
        public string? Comment { get; init; }

        public ItemLock ToView() => new(Id, PartNumber, LockedBy, Time.FromStored(LockedAt), Time.FromStored(ExpiresAt), Comment);
    }

    private const string Select = """
        SELECT l.id, l.item_id, i.part_number, l.locked_by AS locked_by_id, u.username AS locked_by, l.locked_at, l.expires_at, l.comment
        FROM locks l JOIN items i ON i.id = l.item_id JOIN users u ON u.id = l.locked_by
        """;

    public async Task<ItemLock?> FindActiveAsync(DbSession s, string itemId, CancellationToken ct) =>
        (await FindRowAsync(s, itemId, ct)) is { } row && row.ExpiresAt > time.Now() ? row.ToView() : null;

    public async Task<IReadOnlyList<ItemLock>> ListActiveAsync(DbSession s, CancellationToken ct) =>
        (await s.QueryAsync<Row>(Select + " WHERE l.expires_at > @now ORDER BY l.locked_at", new { now = time.Now() }, ct))
            .Select(r => r.ToView()).ToList();

    public Task<long> CountActiveAsync(DbSession s, CancellationToken ct) =>
        s.ScalarAsync<long>("SELECT COUNT(*) FROM locks WHERE expires_at > @now", new { now = time.Now() }, ct);

    /// <summary>Refuses (409, naming the holder) a write by anyone but the user holding the item's lock.</summary>
    public async Task EnsureWritableAsync(DbSession s, ItemRef item, SiloUser user, CancellationToken ct)
    {
        if (await FindRowAsync(s, item.Id, ct) is { } row && row.ExpiresAt > time.Now() && row.LockedById != user.Id)
            throw Held(row);
    }

    /// <returns>The lock, and whether it was newly taken (false: the holder renewed it).</returns>
    public async Task<(ItemLock Lock, bool Created)> AcquireAsync(DbSession s, ItemRef item, SiloUser user, TimeSpan ttl, string? comment, CancellationToken ct)
    {
        var now = time.Now();
        var expiresAt = now + (long)ttl.TotalMilliseconds;
        if (await FindRowAsync(s, item.Id, ct) is { } existing)
        {
            if (existing.ExpiresAt <= now)
            {
                await RemoveAsync(s, existing, UnlockReasons.Expired, releasedBy: null, forceReason: null, ct);
            }
            else if (existing.LockedById != user.Id)
            {
                throw Held(existing);
            }
            else
            {
                await s.ExecuteAsync("UPDATE locks SET expires_at = @expiresAt, comment = COALESCE(@comment, comment) WHERE id = @Id",
                    new { expiresAt, comment, existing.Id }, ct);
                return ((await FindRowAsync(s, item.Id, ct))!.ToView(), false);
            }
        }

        foreach (var rule in rules) await rule.EnsureCheckoutAllowedAsync(s, item, user, ct);
        var id = Ids.New(time);
        await s.ExecuteAsync("""
            INSERT INTO locks(id, item_id, locked_by, locked_at, expires_at, comment) VALUES (@id, @itemId, @userId, @now, @expiresAt, @comment)
            """, new { id, itemId = item.Id, userId = user.Id, now, expiresAt, comment }, ct);
        // Everything in the new row is known here: no need to read it back.
        var view = new ItemLock(id, item.PartNumber, user.Username, Time.FromStored(now), Time.FromStored(expiresAt), comment);
        await events.AppendAsync(s, EventTypes.ItemLocked, item.Id, item.PartNumber,
            new ItemLocked(item.PartNumber, view.Id, view.LockedBy, view.LockedAt, view.ExpiresAt, view.Comment),
            EventAudience.Everyone, ct);
        return (view, true);
    }

    /// <summary>The owner releases; an admin may release anyone's lock, but then must give a reason.</summary>
    public async Task ReleaseAsync(DbSession s, ItemRef item, SiloUser user, string? forceReason, CancellationToken ct)
    {
        var row = await FindRowAsync(s, item.Id, ct);
        if (row is null || row.ExpiresAt <= time.Now()) throw ProblemException.NotFound($"{item.PartNumber} is not locked.");

        if (row.LockedById == user.Id)
        {
            await RemoveAsync(s, row, UnlockReasons.Released, user, forceReason: null, ct);
            return;
        }
        if (!user.IsAdmin)
            throw ProblemException.Forbidden($"{item.PartNumber} is locked by {row.LockedBy}; only they or an admin can release it.");
        if (string.IsNullOrWhiteSpace(forceReason))
            throw new ValidationException(new Dictionary<string, string[]> { ["reason"] = ["Releasing another user's lock needs a reason (?reason=…); it is kept in the audit log."] });

        await RemoveAsync(s, row, UnlockReasons.Forced, user, forceReason.Trim(), ct);
        await audit.RecordAsync(s, user, "lock.force_release", item.Id, row.LockedById, forceReason.Trim(),
            new { part_number = item.PartNumber, lock_id = row.Id, locked_by = row.LockedBy, locked_at = Time.FromStored(row.LockedAt) }, ct);
    }

    /// <summary>Deletes expired locks, each with its <c>item.unlocked</c> event.</summary>
    public async Task<int> SweepExpiredAsync(DbSession s, CancellationToken ct)
    {
        var expired = (await s.QueryAsync<Row>(Select + " WHERE l.expires_at <= @now", new { now = time.Now() }, ct)).ToList();
        foreach (var row in expired) await RemoveAsync(s, row, UnlockReasons.Expired, releasedBy: null, forceReason: null, ct);
        return expired.Count;
    }

    private async Task RemoveAsync(DbSession s, Row row, string reason, SiloUser? releasedBy, string? forceReason, CancellationToken ct)
    {
        await s.ExecuteAsync("DELETE FROM locks WHERE id = @Id", new { row.Id }, ct);
        await events.AppendAsync(s, EventTypes.ItemUnlocked, row.ItemId, row.PartNumber,
            new ItemUnlocked(row.PartNumber, row.Id, row.LockedBy, releasedBy?.Username, reason, forceReason),
            EventAudience.Everyone, ct);
    }

    private static Task<Row?> FindRowAsync(DbSession s, string itemId, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE l.item_id = @itemId", new { itemId }, ct);

    private static ProblemException Held(Row row) => ProblemException.Conflict(
        $"{row.PartNumber} is locked by {row.LockedBy} since {Time.FromStored(row.LockedAt):u}.",
        new Dictionary<string, object?> { ["holder"] = row.ToView() });
}
