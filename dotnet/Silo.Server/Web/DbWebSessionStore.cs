using System.Security.Cryptography;
using System.Text;
using Silo.Server.Auth;
using Silo.Server.Hosting;
using Silo.Server.Storage;

namespace Silo.Server.Web;

/// <summary>Web sessions in the server's database, where every instance sharing it finds them.</summary>
public sealed class DbWebSessionStore(IDatabase db, TimeProvider time, SiloServerOptions options) : IWebSessionStore
{
    // Dapper fills rows through setters: SQLite types NULL columns too loosely for constructor matching.
    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string Username { get; init; } = "";
        public string Role { get; init; } = "";
        public long ExpiresAt { get; init; }
    }

    public async Task<WebSessionTicket> StartAsync(SiloUser user, string tokenHash, CancellationToken cancellationToken)
    {
        // 256 random bits: unguessable, so a plain hash is enough to store it.
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.Now();
        var expiresAt = now + (long)options.WebSessionTtl.Value.TotalMilliseconds;
        await db.WriteAsync(s => s.ExecuteAsync("""
            INSERT INTO web_sessions(id_hash, user_id, token_hash, created_at, expires_at) VALUES (@hash, @userId, @tokenHash, @now, @expiresAt)
            """, new { hash = Hash(secret), userId = user.Id, tokenHash, now, expiresAt }, cancellationToken), cancellationToken);
        return new WebSessionTicket(secret, Time.FromStored(expiresAt));
    }

    public async Task<ActiveWebSession?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var row = await db.ReadAsync(s => s.QuerySingleOrDefaultAsync<Row>("""
            SELECT u.id, u.username, u.role, w.expires_at
            FROM web_sessions w JOIN users u ON u.id = w.user_id AND u.token_hash = w.token_hash
            WHERE w.id_hash = @hash AND w.expires_at > @now
            """, new { hash = Hash(secret), now = time.Now() }, cancellationToken), cancellationToken);
        return row is not null && Roles.TryParse(row.Role, out var role)
            ? new ActiveWebSession(new SiloUser(row.Id, row.Username, role), Time.FromStored(row.ExpiresAt))
            : null;
    }

    public async Task<DateTimeOffset> ExtendAsync(string secret, CancellationToken cancellationToken)
    {
        var now = time.Now();
        var expiresAt = now + (long)options.WebSessionTtl.Value.TotalMilliseconds;
        // Only a live session is extended: one that ran out stays ended.
        await db.WriteAsync(s => s.ExecuteAsync("UPDATE web_sessions SET expires_at = @expiresAt WHERE id_hash = @hash AND expires_at > @now",
            new { expiresAt, hash = Hash(secret), now }, cancellationToken), cancellationToken);
        return Time.FromStored(expiresAt);
    }

    public Task EndAsync(string secret, CancellationToken cancellationToken) =>
        db.WriteAsync(s => s.ExecuteAsync("DELETE FROM web_sessions WHERE id_hash = @hash", new { hash = Hash(secret) }, cancellationToken), cancellationToken);

    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) =>
        db.WriteAsync(s => s.ExecuteAsync("DELETE FROM web_sessions WHERE expires_at <= @now", new { now = time.Now() }, cancellationToken), cancellationToken);

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
