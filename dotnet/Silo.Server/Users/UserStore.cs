using Silo.Server.Auth;
using Silo.Server.Storage;

namespace Silo.Server.Users;

public sealed class UserStore(IDatabase db, TimeProvider time, TokenCache tokens)
{
    // Dapper fills rows through setters: SQLite types NULL columns too loosely for constructor matching.
    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string Username { get; init; } = "";
        public string Role { get; init; } = "";
        public long CreatedAt { get; init; }
    }

    /// <summary>Every authenticated request asks this; the answer is usually cached.</summary>
    public async Task<SiloUser?> FindByTokenAsync(string token, CancellationToken ct)
    {
        var hash = Tokens.Hash(token);
        if (tokens.Find(hash) is { } cached) return cached;
        var generation = tokens.Generation;
        var user = await db.ReadAsync(s => FindAsync(s, "token_hash = @hash", new { hash }, ct), ct);
        if (user is not null) tokens.Remember(hash, user, generation);
        return user;
    }

    public Task<SiloUser?> FindByNameAsync(DbSession s, string username, CancellationToken ct) =>
        FindAsync(s, "username = @username", new { username }, ct);

    /// <returns>The user and the only copy of its token that will ever exist in clear.</returns>
    public async Task<(UserView User, string Token)> CreateAsync(DbSession s, string username, Role role, CancellationToken ct)
    {
        var token = Tokens.Generate();
        var id = Ids.New(time);
        var now = time.Now();
        await s.ExecuteAsync(
            "INSERT INTO users(id, username, role, token_hash, created_at) VALUES (@id, @username, @role, @hash, @now)",
            new { id, username, role = role.ToWire(), hash = Tokens.Hash(token), now }, ct);
        return (new UserView(id, username, role.ToWire(), Time.FromStored(now)), token);
    }

    public async Task<string> RotateTokenAsync(DbSession s, string userId, CancellationToken ct)
    {
        var token = Tokens.Generate();
        await s.ExecuteAsync("UPDATE users SET token_hash = @hash WHERE id = @userId", new { hash = Tokens.Hash(token), userId }, ct);
        s.AfterCommit(() => tokens.Forget(userId));
        return token;
    }

    public async Task<IReadOnlyList<UserView>> ListAsync(DbSession s, CancellationToken ct) =>
        (await s.QueryAsync<Row>("SELECT id, username, role, created_at FROM users ORDER BY username", null, ct))
            .Select(r => new UserView(r.Id, r.Username, r.Role, Time.FromStored(r.CreatedAt))).ToList();

    public Task<long> CountAsync(DbSession s, CancellationToken ct) => s.ScalarAsync<long>("SELECT COUNT(*) FROM users", null, ct);

    private static async Task<SiloUser?> FindAsync(DbSession s, string where, object args, CancellationToken ct)
    {
        var row = await s.QuerySingleOrDefaultAsync<Row>($"SELECT id, username, role, created_at FROM users WHERE {where}", args, ct);
        return row is not null && Roles.TryParse(row.Role, out var role) ? new SiloUser(row.Id, row.Username, role) : null;
    }
}
