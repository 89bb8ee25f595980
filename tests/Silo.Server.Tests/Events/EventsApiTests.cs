using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Events;
using Silo.Server.Storage;
using Silo.Testing;

namespace Silo.Server.Tests.Events;

public sealed class EventsApiTests : IAsyncLifetime
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(5);

    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;
    private string _aliceToken = "";

    public async Task InitializeAsync()
    {
        // Maintenance far away: the keep-alive test advances the clock and must not prune or sweep meanwhile.
        _server = await SiloTestServer.StartAsync("--keep-alive", "00:00:05", "--maintenance-interval", "1.00:00:00");
        await _server.CreateItemAsync("PRT-100");
        await _server.CreateItemAsync("PRT-101");
        _aliceToken = await _server.CreateUserAsync("alice", "editor");
        _alice = _server.Client(_aliceToken);
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Stream_LockAndUnlock_SendsFramesWithIdTypeAndJsonEnvelope()
    {
        await using var sse = await EventStream.ConnectAsync(_alice);
        await EventStream.LockAndUnlockAsync(_alice, "PRT-100");

        var locked = await sse.NextEventAsync();
        var unlocked = await sse.NextEventAsync();

        Assert.Equal(EventTypes.ItemLocked, locked.Type);
        Assert.Equal(EventTypes.ItemUnlocked, unlocked.Type);
        Assert.True(unlocked.NumericId() > locked.NumericId(), $"ids must increase: {locked.Id} then {unlocked.Id}");
        foreach (var frame in new[] { locked, unlocked })
        {
            var envelope = frame.Json;
            Assert.Equal(["id", "type", "part_number", "occurred_at", "data"], envelope.EnumerateObject().Select(p => p.Name));
            Assert.Equal(frame.NumericId(), envelope.GetProperty("id").GetInt64());
            Assert.Equal(frame.Type, envelope.GetProperty("type").GetString());
            Assert.Equal("PRT-100", envelope.GetProperty("part_number").GetString());
            Assert.Equal(_server.Clock.GetUtcNow(), envelope.GetProperty("occurred_at").GetDateTimeOffset());
            Assert.Equal(JsonValueKind.Object, envelope.GetProperty("data").ValueKind);
            Assert.Equal("PRT-100", envelope.GetProperty("data").GetProperty("part_number").GetString());
            Assert.Equal("alice", envelope.GetProperty("data").GetProperty("locked_by").GetString());
        }
        Assert.Equal("released", unlocked.Json.GetProperty("data").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task History_ManyChanges_IdsStrictlyIncrease()
    {
        for (var i = 0; i < 5; i++) await EventStream.LockAndUnlockAsync(_alice, i % 2 == 0 ? "PRT-100" : "PRT-101");

        var ids = (await EventStream.HistoryAsync(_alice)).Select(e => e.GetProperty("id").GetInt64()).ToList();

        Assert.Equal(2 + 10, ids.Count); // two item.created, five lock/unlock pairs
        Assert.All(ids.Zip(ids.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.First} then {pair.Second}"));
    }

    [Fact]
    public async Task Stream_WithoutLastEventId_StartsAtPresent()
    {
        await EventStream.LockAndUnlockAsync(_alice, "PRT-100");
        var before = (await EventStream.HistoryAsync(_alice)).Select(e => e.GetProperty("id").GetInt64()).ToList();

        await using var sse = await EventStream.ConnectAsync(_alice);
        using (var locked = await _alice.PostAsync("/api/items/PRT-101/lock", null))
            await HttpAssert.JsonAsync(locked, HttpStatusCode.Created);

        var first = await sse.NextEventAsync();
        Assert.Equal(EventTypes.ItemLocked, first.Type);
        Assert.Equal("PRT-101", first.Json.GetProperty("part_number").GetString());
        Assert.True(first.NumericId() > before.Max(), "an event from before the connection was replayed");
    }

    [Fact]
    public async Task Stream_LastEventIdZero_ReplaysWholeLog()
    {
        await EventStream.LockAndUnlockAsync(_alice, "PRT-100");
        await EventStream.LockAndUnlockAsync(_alice, "PRT-101");
        var history = await EventStream.HistoryAsync(_alice);

        await using var sse = await EventStream.ConnectAsync(_alice, lastEventId: "0");
        var received = await sse.ReadThroughAsync(history[^1].GetProperty("id").GetInt64());

        EventStream.AssertSameAsHistory(history, received);
        Assert.Equal(history.Select(e => e.GetProperty("type").GetString()), received.Select(m => m.Type));
        Assert.Equal([EventTypes.ItemCreated, EventTypes.ItemCreated], received.Take(2).Select(m => m.Type));
    }

    [Fact]
    public async Task Stream_LastEventIdQueryParameter_ResumesAfterIt()
    {
        await EventStream.LockAndUnlockAsync(_alice, "PRT-100");
        var history = await EventStream.HistoryAsync(_alice);
        var resumeAfter = history[1].GetProperty("id").GetInt64();

        await using var sse = await EventStream.ConnectAsync(_alice, path: $"/api/events?last_event_id={resumeAfter}");
        var received = await sse.ReadThroughAsync(history[^1].GetProperty("id").GetInt64());

        EventStream.AssertSameAsHistory(history.Skip(2).ToList(), received);
    }

    [Fact]
    public async Task Stream_HeaderAndQueryBothGiven_HeaderWins()
    {
        await EventStream.LockAndUnlockAsync(_alice, "PRT-100");
        var history = await EventStream.HistoryAsync(_alice);

        // A browser reconnecting sends the header itself; it is newer than the id baked into the URL.
        await using var sse = await EventStream.ConnectAsync(_alice, lastEventId: "3", path: "/api/events?last_event_id=1");
        var received = await sse.ReadThroughAsync(history[^1].GetProperty("id").GetInt64());

        EventStream.AssertSameAsHistory(history.Skip(3).ToList(), received);
    }

    [Theory]
    [InlineData("abc", null)]
    [InlineData("-1", null)]
    [InlineData(null, "/api/events?last_event_id=abc")]
    public async Task Stream_InvalidLastEventId_Returns400Problem(string? header, string? path)
    {
        using var response = await EventStream.RequestRefusedStreamAsync(_alice, header, path ?? "/api/events");

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Last-Event-ID", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ReconnectAfterDroppedConnection_LosesAndRepeatsNothing()
    {
        var received = new List<SseMessage>();
        await using (var sse = await EventStream.ConnectAsync(_alice, lastEventId: "0"))
        {
            await EventStream.LockAndUnlockAsync(_alice, "PRT-100");
            for (var i = 0; i < 3; i++) received.Add(await sse.NextEventAsync());
        } // dropped mid-stream: one event was sent but not read, or is still on its way

        await EventStream.LockAndUnlockAsync(_alice, "PRT-101");
        await EventStream.LockAndUnlockAsync(_alice, "PRT-100");
        var history = await EventStream.HistoryAsync(_alice);

        await using (var resumed = await EventStream.ConnectAsync(_alice, lastEventId: received[^1].Id))
            received.AddRange(await resumed.ReadThroughAsync(history[^1].GetProperty("id").GetInt64()));

        Assert.Equal(2 + 6, history.Count);
        EventStream.AssertSameAsHistory(history, received);
    }

    [Fact]
    public async Task Stream_ReconnectAfterServerRestart_LosesAndRepeatsNothing()
    {
        var received = new List<SseMessage>();
        await using (var sse = await EventStream.ConnectAsync(_alice, lastEventId: "0"))
        {
            await EventStream.LockAndUnlockAsync(_alice, "PRT-100");
            for (var i = 0; i < 3; i++) received.Add(await sse.NextEventAsync());

            await _server.StopAsync();
            // Whatever was already sent may still be read; then the stream ends.
            using var cts = new CancellationTokenSource(EventStream.Timeout);
            while (await sse.ReadEventAsync(cts.Token) is { } late) received.Add(late);
        }
        _alice.Dispose();

        await _server.RestartAsync();
        _alice = _server.Client(_aliceToken); // the token, like every event, survived the restart
        await EventStream.LockAndUnlockAsync(_alice, "PRT-101");
        var history = await EventStream.HistoryAsync(_alice);

        await using (var resumed = await EventStream.ConnectAsync(_alice, lastEventId: received[^1].Id))
            received.AddRange(await resumed.ReadThroughAsync(history[^1].GetProperty("id").GetInt64()));

        Assert.Equal(2 + 4, history.Count);
        EventStream.AssertSameAsHistory(history, received);
    }

    [Fact]
    public async Task Stream_Idle_ReceivesKeepAliveComment()
    {
        await using var sse = await EventStream.ConnectAsync(_alice);
        using var cts = new CancellationTokenSource(EventStream.Timeout);
        var next = sse.ReadAsync(cts.Token);

        // The stream arms its keep-alive delay on the manual clock right after "connected"; until it
        // has, advancing does nothing, so advance in keep-alive steps until the comment arrives.
        while (!next.IsCompleted && !cts.IsCancellationRequested)
        {
            _server.Clock.Advance(KeepAlive);
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None));
        }

        var message = await next;
        Assert.NotNull(message);
        Assert.Equal("keep-alive", message.Comment);
        Assert.Null(message.Type);
        Assert.Null(message.Id);
    }

    [Fact]
    public async Task Stream_KeepAlive_StreamStillDeliversEventsAfterwards()
    {
        await using var sse = await EventStream.ConnectAsync(_alice);
        using var cts = new CancellationTokenSource(EventStream.Timeout);
        var next = sse.ReadAsync(cts.Token);
        while (!next.IsCompleted && !cts.IsCancellationRequested)
        {
            _server.Clock.Advance(KeepAlive);
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None));
        }
        Assert.Equal("keep-alive", (await next)?.Comment);

        await EventStream.LockAndUnlockAsync(_alice, "PRT-100");

        Assert.Equal(EventTypes.ItemLocked, (await sse.NextEventAsync()).Type);
        Assert.Equal(EventTypes.ItemUnlocked, (await sse.NextEventAsync()).Type);
    }

    [Fact]
    public async Task Stream_EventForOneUser_OnlyThatUserSeesIt()
    {
        using var bob = _server.Client(await _server.CreateUserAsync("bob", "viewer"));
        var aliceId = (await HttpAssert.JsonAsync(await _alice.GetAsync("/api/me"), HttpStatusCode.OK)).GetProperty("id").GetString()!;
        await using var aliceStream = await EventStream.ConnectAsync(_alice);
        await using var bobStream = await EventStream.ConnectAsync(bob);

        var db = _server.Services.GetRequiredService<IDatabase>();
        var log = _server.Services.GetRequiredService<EventLog>();
        var privateId = await db.WriteAsync(s => log.AppendAsync(s, "test.private", null, null, new { note = "for alice" },
            new EventAudience(UserId: aliceId), CancellationToken.None), CancellationToken.None);
        await EventStream.LockAndUnlockAsync(_alice, "PRT-100");

        var forAlice = await aliceStream.NextEventAsync();
        Assert.Equal(privateId, forAlice.NumericId());
        Assert.Equal("test.private", forAlice.Type);
        Assert.Equal("for alice", forAlice.Json.GetProperty("data").GetProperty("note").GetString());
        Assert.Equal(EventTypes.ItemLocked, (await aliceStream.NextEventAsync()).Type);

        // Bob's first event is the public one after it: the private event was skipped, not delayed.
        var forBob = await bobStream.NextEventAsync();
        Assert.Equal(EventTypes.ItemLocked, forBob.Type);
        Assert.True(forBob.NumericId() > privateId);

        Assert.Contains(await EventStream.HistoryAsync(_alice), e => e.GetProperty("id").GetInt64() == privateId);
        Assert.DoesNotContain(await EventStream.HistoryAsync(bob), e => e.GetProperty("id").GetInt64() == privateId);

        // A replay from the start applies the same filter.
        await using var bobReplay = await EventStream.ConnectAsync(bob, lastEventId: "0");
        var replayed = await bobReplay.ReadThroughAsync(forBob.NumericId());
        Assert.DoesNotContain(replayed, m => m.NumericId() == privateId);
    }

    [Fact]
    public async Task Stream_ServerStops_StreamEndsAndStopIsPrompt()
    {
        await using var sse = await EventStream.ConnectAsync(_alice);
        using var cts = new CancellationTokenSource(EventStream.Timeout);
        var next = sse.ReadAsync(cts.Token);

        var clock = Stopwatch.StartNew();
        await _server.StopAsync().WaitAsync(TimeSpan.FromSeconds(5));
        clock.Stop();

        Assert.Null(await next);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed}");
    }

    [Fact]
    public async Task Stream_Anonymous_Returns401Problem()
    {
        using var anonymous = _server.Client();

        using var response = await EventStream.RequestRefusedStreamAsync(anonymous);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/events/history"), HttpStatusCode.Unauthorized);
    }
}
