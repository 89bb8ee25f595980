using System.Collections.Concurrent;
using Silo.Server.Auth;

namespace Silo.Server.Users;

/// <summary>
/// Which user each recently seen token hash belongs to, so a request does not read the users table
/// to learn what the previous request already did. Only known tokens are kept (an attacker's
/// guesses fill nothing), each for a short lifetime, and a rotation drops its user's entries at
/// once. A lookup that raced a rotation is not kept: it may have read the old token.
/// </summary>
public sealed class TokenCache(TimeProvider time)
{
    /// <summary>
    /// Bounds how long a token rotated through another server instance (sharing the database)
    /// could still be accepted here; this instance's own rotations take effect at once.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private sealed record Entry(SiloUser User, DateTimeOffset ExpiresAt);

    private readonly ConcurrentDictionary<string, Entry> _byHash = new(StringComparer.Ordinal);
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public SiloUser? Find(string tokenHash) =>
        _byHash.TryGetValue(tokenHash, out var entry) && entry.ExpiresAt > time.GetUtcNow() ? entry.User : null;

    /// <param name="generation">The <see cref="Generation"/> read before the user was looked up.</param>
    public void Remember(string tokenHash, SiloUser user, long generation)
    {
        _byHash[tokenHash] = new Entry(user, time.GetUtcNow() + Lifetime);
        // A rotation committed meanwhile: the row read may hold the token just revoked.
        if (Generation != generation) _byHash.TryRemove(tokenHash, out _);
    }

    /// <summary>Called once a rotation has committed: the user's old token must fail from now on.</summary>
    public void Forget(string userId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (hash, entry) in _byHash)
            if (entry.User.Id == userId) _byHash.TryRemove(hash, out _);
    }
}
