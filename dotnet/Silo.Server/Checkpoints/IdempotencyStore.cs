using System.Security.Cryptography;
using System.Text;
using Silo.Server.Problems;
using Silo.Server.Storage;

namespace Silo.Server.Checkpoints;

/// <summary>
/// First responses to POSTs that carried an <c>Idempotency-Key</c>, per user. A retry of the same
/// request gets the stored response instead of doing the work twice; the same key on a different
/// request is a client bug and refused. Lookups and stores run inside the request's write
/// transaction, so two racing retries cannot both do the work.
/// </summary>
public sealed class IdempotencyStore(TimeProvider time)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    /// <summary>Clients retry within minutes; a day covers a laptop that slept through its retries.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public sealed class Stored
    {
        public string Request { get; init; } = "";
        public int Status { get; init; }
        public string Response { get; init; } = "";
    }

    /// <summary>Null when the header is absent; 400 when it is not 1 to 255 visible ASCII characters.</summary>
    public static string? ParseKey(string? header)
    {
        if (header is null) return null;
        if (header.Length is 0 or > MaxKeyLength || !header.All(c => c is > ' ' and < (char)127))
            throw ProblemException.BadRequest($"{Header} must be 1 to {MaxKeyLength} visible ASCII characters.");
        return header;
    }

    /// <summary>What identifies "the same request": method, canonical path and the canonical body.</summary>
    public static string Fingerprint(string method, string path, string canonicalBody) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{method}\n{path}\n{canonicalBody}")));

    /// <returns>The stored response of an earlier identical request, or null when the key is new.</returns>
    /// <exception cref="ValidationException">The key was used for a different request.</exception>
    public async Task<Stored?> FindAsync(DbSession s, string userId, string key, string fingerprint, CancellationToken ct)
    {
        var stored = await s.QuerySingleOrDefaultAsync<Stored>(
            "SELECT request, status, response FROM idempotency_keys WHERE user_id = @userId AND key = @key AND created_at > @cutoff",
            new { userId, key, cutoff = Cutoff() }, ct);
        if (stored is not null && stored.Request != fingerprint)
            throw new ValidationException(new Dictionary<string, string[]>
            {
                [Header] = [$"{Header} '{key}' was already used for a different request; use a new key for a new request."],
            });
        return stored;
    }

    public Task SaveAsync(DbSession s, string userId, string key, string fingerprint, int status, string response, CancellationToken ct) =>
        // An expired row with the same key may still be there until the next prune: replace it.
        s.ExecuteAsync("""
            INSERT INTO idempotency_keys(user_id, key, request, status, response, created_at) VALUES (@userId, @key, @fingerprint, @status, @response, @now)
            ON CONFLICT(user_id, key) DO UPDATE SET request = excluded.request, status = excluded.status, response = excluded.response, created_at = excluded.created_at
            """, new { userId, key, fingerprint, status, response, now = time.Now() }, ct);

    /// <returns>How many keys past retention were removed.</returns>
    public Task<int> PruneAsync(DbSession s, CancellationToken ct) =>
        s.ExecuteAsync("DELETE FROM idempotency_keys WHERE created_at <= @cutoff", new { cutoff = Cutoff() }, ct);

    private long Cutoff() => Time.ToStored(time.GetUtcNow() - Retention);
}
