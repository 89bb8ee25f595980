using Microsoft.Extensions.Time.Testing;
using Silo.Server.Auth;
using Silo.Server.Users;
using Silo.Testing;

namespace Silo.Server.Tests.Users;

public sealed class TokenCacheTests
{
    private static readonly SiloUser Alice = new("u-alice", "alice", Role.Editor);
    private static readonly SiloUser Bob = new("u-bob", "bob", Role.Viewer);

    private readonly FakeTimeProvider _clock = TestClock.New();

    [Fact]
    public void Find_Remembered_ReturnsUserUntilItsLifetimeEnds()
    {
        var cache = new TokenCache(_clock);
        cache.Remember("hash-a", Alice, cache.Generation);

        Assert.Same(Alice, cache.Find("hash-a"));
        _clock.Advance(TokenCache.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Same(Alice, cache.Find("hash-a"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.Find("hash-a"));
    }

    [Fact]
    public void Forget_DropsThatUsersTokensOnly()
    {
        var cache = new TokenCache(_clock);
        cache.Remember("hash-a", Alice, cache.Generation);
        cache.Remember("hash-b", Bob, cache.Generation);

        cache.Forget(Alice.Id);

        Assert.Null(cache.Find("hash-a"));
        Assert.Same(Bob, cache.Find("hash-b"));
    }

    [Fact]
    public void Remember_AfterARotationBeganItsLookup_IsNotKept()
    {
        var cache = new TokenCache(_clock);
        var before = cache.Generation;

        cache.Forget(Alice.Id); // a rotation committed while the lookup read the old row
        cache.Remember("hash-old", Alice, before);

        Assert.Null(cache.Find("hash-old"));
    }
}
