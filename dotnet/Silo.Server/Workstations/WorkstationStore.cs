using Silo.Server.Auth;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Workstations;

public sealed class WorkstationStore(TimeProvider time)
{
    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string UserId { get; init; } = "";
        public string Name { get; init; } = "";
        public string Fingerprint { get; init; } = "";
        public long CreatedAt { get; init; }
        public long? LastSeen { get; init; }

        public Workstation ToView() => new(Id, Name, Fingerprint, Time.FromStored(LastSeen), Time.FromStored(CreatedAt));
    }

    private const string Select = "SELECT id, user_id, name, fingerprint, created_at, last_seen FROM workstations";

    /// <summary>The same user registering the same fingerprint gets the same workstation back.</summary>
    public async Task<(Workstation Workstation, bool Created)> RegisterAsync(DbSession s, SiloUser user, string name, string fingerprint, CancellationToken ct)
    {
        var existing = await s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE user_id = @userId AND fingerprint = @fingerprint",
            new { userId = user.Id, fingerprint }, ct);
        if (existing is not null)
        {
            if (existing.Name != name) await s.ExecuteAsync("UPDATE workstations SET name = @name WHERE id = @Id", new { name, existing.Id }, ct);
            return ((await FindAsync(s, existing.Id, ct))!.ToView(), false);
        }
        var id = Ids.New(time);
        await s.ExecuteAsync("INSERT INTO workstations(id, user_id, name, fingerprint, created_at, last_seen) VALUES (@id, @userId, @name, @fingerprint, @now, @now)",
            new { id, userId = user.Id, name, fingerprint, now = time.Now() }, ct);
        return ((await FindAsync(s, id, ct))!.ToView(), true);
    }

    public async Task<IReadOnlyList<Workstation>> ListOwnAsync(DbSession s, SiloUser user, CancellationToken ct) =>
        (await s.QueryAsync<Row>(Select + " WHERE user_id = @userId ORDER BY created_at, rowid", new { userId = user.Id }, ct)).Select(r => r.ToView()).ToList();

    /// <summary>
    /// The workstation, when it exists and belongs to <paramref name="user"/>: a token may only
    /// act for its own user's workstations.
    /// </summary>
    public async Task<Workstation> RequireOwnAsync(DbSession s, string workstationId, SiloUser user, CancellationToken ct)
    {
        var row = await FindAsync(s, workstationId, ct) ?? throw ProblemException.NotFound($"No workstation '{workstationId}'.");
        if (row.UserId != user.Id) throw ProblemException.Forbidden($"Workstation '{workstationId}' belongs to another user.");
        return row.ToView();
    }

    /// <summary>
    /// Presence is reported to the second, not to the request: a busy workstation proves it is there
    /// many times a second, and rewriting its row each time would cost every one of those writes.
    /// </summary>
    public static readonly TimeSpan LastSeenGranularity = TimeSpan.FromSeconds(5);

    /// <summary>Records that <paramref name="workstation"/> (as just read) is there, unless it was seen within <see cref="LastSeenGranularity"/>.</summary>
    public async Task TouchAsync(DbSession s, Workstation workstation, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (workstation.LastSeen is { } seen && now - seen < LastSeenGranularity && seen <= now) return;
        await s.ExecuteAsync("UPDATE workstations SET last_seen = @now WHERE id = @Id", new { now = Time.ToStored(now), workstation.Id }, ct);
    }

    public Task DeleteAsync(DbSession s, string workstationId, CancellationToken ct) =>
        s.ExecuteAsync("DELETE FROM workstations WHERE id = @workstationId", new { workstationId }, ct);

    private static Task<Row?> FindAsync(DbSession s, string id, CancellationToken ct) =>
        s.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }, ct);
}
