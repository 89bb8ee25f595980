using System.Net;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Server.Tests.Locks;

/// <summary>
/// Lock expiry: a lock past its <c>expires_at</c> is gone from every read and from the write guard
/// at once; the sweep (<c>LockExpirySweep</c>) later deletes it and announces <c>item.unlocked</c>.
/// The maintenance timer is parked, so a sweep happens only where a test runs one.
/// </summary>
public sealed class LockExpiryTests : IAsyncLifetime
{
    private const string Part = "PRT-300";
    private static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(24);
    private SiloTestServer _server = null!;
    private string _alice = "";
    private string _bob = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync(LockTestKit.ManualMaintenance);
        await _server.CreateItemAsync(Part);
        _alice = await _server.CreateUserAsync("alice", "editor");
        _bob = await _server.CreateUserAsync("bob", "editor");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Status_OneMillisecondBeforeExpiry_IsStillLocked()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        _server.Clock.Advance(DefaultTtl - TimeSpan.FromMilliseconds(1));

        Assert.True((await bob.StatusAsync(Part)).GetProperty("locked").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await bob.AcquireAsync(Part)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await bob.PutJsonAsync($"/api/items/{Part}", new { description = "too early" })).StatusCode);
    }

    [Fact]
    public async Task Status_AtExpiry_IsUnlockedEverywhereBeforeSweep()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        _server.Clock.Advance(DefaultTtl);

        var status = await bob.StatusAsync(Part);
        Assert.False(status.GetProperty("locked").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lock").ValueKind);
        Assert.Equal(0, (await HttpAssert.JsonAsync(await bob.GetAsync("/api/locks"), HttpStatusCode.OK)).GetArrayLength());
        var item = await HttpAssert.JsonAsync(await bob.GetAsync($"/api/items/{Part}"), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("lock").ValueKind);
        var locked = await HttpAssert.JsonAsync(await bob.GetAsync("/api/items?locked=true"), HttpStatusCode.OK);
        Assert.Equal(0, locked.GetProperty("total").GetInt32());

        // Nothing has been swept yet: the only lock event is still alice's item.locked.
        Assert.Equal(["item.locked"], (await bob.LockEventsAsync(Part)).Select(e => e.Text("type")));
    }

    [Fact]
    public async Task WriteGuard_AfterExpiryBeforeSweep_LetsOthersWrite()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        _server.Clock.Advance(DefaultTtl + TimeSpan.FromMinutes(1));

        var item = await HttpAssert.JsonAsync(await bob.PutJsonAsync($"/api/items/{Part}", new { description = "bob's now" }), HttpStatusCode.OK);
        Assert.Equal("bob's now", item.Text("description"));
        await HttpAssert.JsonAsync(await bob.PostAsync($"/api/items/{Part}/file", LockTestKit.OctetStream([1, 2, 3])), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Release_AfterExpiry_Returns404()
    {
        using var alice = _server.Client(_alice);
        using var admin = _server.AdminClient();
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        _server.Clock.Advance(DefaultTtl);

        await HttpAssert.ProblemAsync(await alice.ReleaseAsync(Part), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await admin.ReleaseAsync(Part, reason: "stale"), HttpStatusCode.NotFound);
        Assert.Equal(0, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/audit"), HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task Sweep_AfterExpiry_EmitsItemUnlockedExpiredOnce()
    {
        using var alice = _server.Client(_alice);
        var taken = await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        _server.Clock.Advance(DefaultTtl + TimeSpan.FromSeconds(1));

        await _server.RunMaintenanceAsync();
        await _server.RunMaintenanceAsync();

        var events = await alice.LockEventsAsync(Part);
        Assert.Equal(["item.locked", "item.unlocked"], events.Select(e => e.Text("type")));
        var data = events[1].GetProperty("data");
        Assert.Equal("expired", data.Text("reason"));
        Assert.Equal("alice", data.Text("locked_by"));
        Assert.Equal(taken.Text("id"), data.Text("lock_id"));
        Assert.Null(data.Text("released_by"));
        Assert.Null(data.Text("force_reason"));
        Assert.Equal(_server.Clock.GetUtcNow(), events[1].Time("occurred_at"));
    }

    [Fact]
    public async Task Sweep_BeforeExpiry_KeepsLock()
    {
        using var alice = _server.Client(_alice);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        _server.Clock.Advance(DefaultTtl - TimeSpan.FromMinutes(1));

        await _server.RunMaintenanceAsync();

        Assert.True((await alice.StatusAsync(Part)).GetProperty("locked").GetBoolean());
        Assert.Equal(["item.locked"], (await alice.LockEventsAsync(Part)).Select(e => e.Text("type")));
    }

    [Fact]
    public async Task Acquire_AfterExpiryAndSweep_ByOtherUserReturns201()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        _server.Clock.Advance(DefaultTtl);
        await _server.RunMaintenanceAsync();

        var taken = await HttpAssert.JsonAsync(await bob.AcquireAsync(Part), HttpStatusCode.Created);

        Assert.Equal("bob", taken.Text("locked_by"));
        Assert.Equal(_server.Clock.GetUtcNow() + DefaultTtl, taken.Time("expires_at"));
        var problem = await HttpAssert.ProblemAsync(await alice.AcquireAsync(Part), HttpStatusCode.Conflict);
        Assert.Equal("bob", problem.GetProperty("holder").Text("locked_by"));
    }

    [Fact]
    public async Task Acquire_AfterExpiryBeforeSweep_EndsOldLockAsExpiredThenLocks()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        var old = await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        _server.Clock.Advance(DefaultTtl);

        var taken = await HttpAssert.JsonAsync(await bob.AcquireAsync(Part), HttpStatusCode.Created);
        await _server.RunMaintenanceAsync();

        Assert.Equal("bob", taken.Text("locked_by"));
        var events = await bob.LockEventsAsync(Part);
        Assert.Equal(["item.locked", "item.unlocked", "item.locked"], events.Select(e => e.Text("type")));
        Assert.Equal(old.Text("id"), events[1].GetProperty("data").Text("lock_id"));
        Assert.Equal("expired", events[1].GetProperty("data").Text("reason"));
        Assert.Equal("bob", events[2].GetProperty("data").Text("locked_by"));
        Assert.True((await bob.StatusAsync(Part)).GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task Acquire_ByFormerHolderAfterExpiry_Returns201WithNewLock()
    {
        using var alice = _server.Client(_alice);
        var old = await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        _server.Clock.Advance(DefaultTtl);

        var again = await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);

        Assert.NotEqual(old.Text("id"), again.Text("id"));
        Assert.Equal(_server.Clock.GetUtcNow(), again.Time("locked_at"));
    }

    [Fact]
    public async Task Renew_BeforeExpiry_PushesExpiryBack()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        _server.Clock.Advance(TimeSpan.FromHours(23));
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.OK);

        _server.Clock.Advance(TimeSpan.FromHours(2));
        await _server.RunMaintenanceAsync();

        Assert.True((await bob.StatusAsync(Part)).GetProperty("locked").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await bob.AcquireAsync(Part)).StatusCode);
        Assert.Equal(["item.locked"], (await bob.LockEventsAsync(Part)).Select(e => e.Text("type")));
    }

    [Fact]
    public async Task Expiry_WithTtlSeconds_EndsAfterThatTtl()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        await HttpAssert.JsonAsync(await alice.PostJsonAsync(LockTestKit.LockPath(Part), new { ttl_seconds = 60 }), HttpStatusCode.Created);

        _server.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.True((await bob.StatusAsync(Part)).GetProperty("locked").GetBoolean());
        _server.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await bob.StatusAsync(Part)).GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task Expiry_WithLockTtlSwitch_EndsAfterConfiguredTtl()
    {
        await using var server = await SiloTestServer.StartAsync(["--lock-ttl", "00:10:00", .. LockTestKit.ManualMaintenance]);
        await server.CreateItemAsync(Part);
        using var admin = server.AdminClient();
        await HttpAssert.JsonAsync(await admin.AcquireAsync(Part), HttpStatusCode.Created);

        server.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.True((await admin.StatusAsync(Part)).GetProperty("locked").GetBoolean());
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False((await admin.StatusAsync(Part)).GetProperty("locked").GetBoolean());
        await server.RunMaintenanceAsync();
        Assert.Equal("expired", (await admin.LockEventsAsync(Part)).Last().GetProperty("data").Text("reason"));
    }
}
