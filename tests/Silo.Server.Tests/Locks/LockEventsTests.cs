using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.Locks;

/// <summary>
/// <c>item.locked</c> / <c>item.unlocked</c>: emitted on every lock state change (and only then), with
/// the data clients need, on the live SSE stream as well as in the history. Streams are read by a
/// viewer, since every signed-in user must learn about check-outs.
/// </summary>
public sealed class LockEventsTests : IAsyncLifetime
{
    private const string Part = "PRT-400";
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private SiloTestServer _server = null!;
    private string _alice = "";
    private string _bob = "";
    private string _viewer = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync(LockTestKit.ManualMaintenance);
        await _server.CreateItemAsync(Part);
        _alice = await _server.CreateUserAsync("alice", "editor");
        _bob = await _server.CreateUserAsync("bob", "editor");
        _viewer = await _server.CreateUserAsync("vera", "viewer");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Acquire_EmitsItemLockedOnStream()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        using var vera = _server.Client(_viewer);
        using var alice = _server.Client(_alice);
        await using var sse = await SseClient.ConnectAsync(vera, lastEventId: "0", ct: timeout.Token);
        Assert.Equal(HttpStatusCode.OK, sse.Response.StatusCode);
        Assert.Equal(Part, (await sse.ReadUntilAsync("item.created", timeout.Token)).Text("part_number"));

        var taken = await HttpAssert.JsonAsync(
            await alice.PostJsonAsync(LockTestKit.LockPath(Part), new { ttl_seconds = 3600, comment = "new fillets" }), HttpStatusCode.Created);
        var locked = await sse.ReadUntilAsync("item.locked", timeout.Token);

        Assert.Equal(Part, locked.Text("part_number"));
        var data = locked.GetProperty("data");
        Assert.Equal(Part, data.Text("part_number"));
        Assert.Equal(taken.Text("id"), data.Text("lock_id"));
        Assert.Equal("alice", data.Text("locked_by"));
        Assert.Equal(taken.Time("locked_at"), data.Time("locked_at"));
        Assert.Equal(taken.Time("locked_at") + TimeSpan.FromHours(1), data.Time("expires_at"));
        Assert.Equal("new fillets", data.Text("comment"));
    }

    [Fact]
    public async Task Release_EmitsItemUnlockedReleasedOnStream()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        using var vera = _server.Client(_viewer);
        using var alice = _server.Client(_alice);
        await using var sse = await SseClient.ConnectAsync(vera, lastEventId: "0", ct: timeout.Token);
        var taken = await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        var locked = await sse.ReadUntilAsync("item.locked", timeout.Token);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.ReleaseAsync(Part)).StatusCode);
        var unlocked = await sse.ReadUntilAsync("item.unlocked", timeout.Token);

        Assert.True(unlocked.GetProperty("id").GetInt64() > locked.GetProperty("id").GetInt64());
        Assert.Equal(Part, unlocked.Text("part_number"));
        var data = unlocked.GetProperty("data");
        Assert.Equal(taken.Text("id"), data.Text("lock_id"));
        Assert.Equal("alice", data.Text("locked_by"));
        Assert.Equal("alice", data.Text("released_by"));
        Assert.Equal("released", data.Text("reason"));
        Assert.Null(data.Text("force_reason"));
    }

    [Fact]
    public async Task ForceRelease_EmitsItemUnlockedForcedOnStream()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        using var vera = _server.Client(_viewer);
        using var alice = _server.Client(_alice);
        using var admin = _server.AdminClient();
        await using var sse = await SseClient.ConnectAsync(vera, lastEventId: "0", ct: timeout.Token);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        await sse.ReadUntilAsync("item.locked", timeout.Token);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.ReleaseAsync(Part, reason: "  release for the build  ")).StatusCode);
        var data = (await sse.ReadUntilAsync("item.unlocked", timeout.Token)).GetProperty("data");

        Assert.Equal("forced", data.Text("reason"));
        Assert.Equal("release for the build", data.Text("force_reason"));
        Assert.Equal("alice", data.Text("locked_by"));
        Assert.Equal("admin", data.Text("released_by"));
    }

    [Fact]
    public async Task Sweep_EmitsItemUnlockedExpiredOnStream()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        using var vera = _server.Client(_viewer);
        using var alice = _server.Client(_alice);
        await using var sse = await SseClient.ConnectAsync(vera, lastEventId: "0", ct: timeout.Token);
        var taken = await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        await sse.ReadUntilAsync("item.locked", timeout.Token);

        _server.Clock.Advance(TimeSpan.FromHours(25));
        await _server.RunMaintenanceAsync();
        var data = (await sse.ReadUntilAsync("item.unlocked", timeout.Token)).GetProperty("data");

        Assert.Equal("expired", data.Text("reason"));
        Assert.Equal(taken.Text("id"), data.Text("lock_id"));
        Assert.Equal("alice", data.Text("locked_by"));
        Assert.Null(data.Text("released_by"));
    }

    [Fact]
    public async Task Stream_ResumedAfterLockedEvent_ReplaysUnlockedNext()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        using var alice = _server.Client(_alice);
        using var vera = _server.Client(_viewer);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.ReleaseAsync(Part)).StatusCode);
        var lockedId = (await vera.LockEventsAsync(Part))[0].GetProperty("id").GetInt64();

        await using var sse = await SseClient.ConnectAsync(vera, lastEventId: lockedId.ToString(System.Globalization.CultureInfo.InvariantCulture), ct: timeout.Token);
        var next = await sse.ReadEventAsync(timeout.Token);

        Assert.NotNull(next);
        Assert.Equal("item.unlocked", next.Type);
        Assert.Equal(lockedId + 1, next.Json.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Lock_RenewalsAndRefusedRequests_EmitNoEvents()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        using var admin = _server.AdminClient();
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        var head = (await alice.EventsAsync()).Last().GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await alice.AcquireAsync(Part)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await bob.AcquireAsync(Part)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.ReleaseAsync(Part)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.ReleaseAsync(Part)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await bob.PostJsonAsync(LockTestKit.LockPath(Part), new { ttl_seconds = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await bob.PutJsonAsync($"/api/items/{Part}", new { description = "no" })).StatusCode);

        Assert.Empty(await alice.EventsAsync(after: head));
    }

    [Fact]
    public async Task Lock_EachStateChange_AppearsInHistoryInOrder()
    {
        using var alice = _server.Client(_alice);
        using var bob = _server.Client(_bob);
        using var admin = _server.AdminClient();

        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.ReleaseAsync(Part)).StatusCode);
        await HttpAssert.JsonAsync(await bob.AcquireAsync(Part), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.ReleaseAsync(Part, reason: "reassign")).StatusCode);
        await HttpAssert.JsonAsync(await alice.AcquireAsync(Part), HttpStatusCode.Created);
        _server.Clock.Advance(TimeSpan.FromDays(2));
        await _server.RunMaintenanceAsync();

        var events = await bob.LockEventsAsync(Part);
        Assert.Equal(
            ["item.locked:alice", "item.unlocked:released", "item.locked:bob", "item.unlocked:forced", "item.locked:alice", "item.unlocked:expired"],
            events.Select(e => e.Text("type") + ":" + (e.Text("type") == "item.locked" ? e.GetProperty("data").Text("locked_by") : e.GetProperty("data").Text("reason"))));
        for (var i = 1; i < events.Count; i += 2)
            Assert.Equal(events[i - 1].GetProperty("data").Text("lock_id"), events[i].GetProperty("data").Text("lock_id"));
    }
}
