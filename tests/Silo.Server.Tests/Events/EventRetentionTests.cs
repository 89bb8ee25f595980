using System.Net;
using System.Text.Json;
using Silo.Server.Events;
using Silo.Server.Tests.Checkpoints;
using Silo.Testing;

namespace Silo.Server.Tests.Events;

public sealed class EventRetentionTests : IAsyncLifetime
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        // Maintenance only when a test runs it, so pruning happens exactly where the test says.
        _server = await SiloTestServer.StartAsync("--event-retention", "01:00:00", "--maintenance-interval", "1.00:00:00");
        await _server.CreateItemAsync("PRT-100");
        await _server.CreateItemAsync("PRT-101");
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>Events 1–4 become older than the retention, 5–6 are recent; then one maintenance pass.</summary>
    private async Task<(long Floor, List<JsonElement> Remaining)> PruneFirstFourAsync()
    {
        await EventStream.LockAndUnlockAsync(_alice, "PRT-100");
        var old = await EventStream.HistoryAsync(_alice);
        Assert.Equal(4, old.Count);

        _server.Clock.Advance(Retention * 2);
        await EventStream.LockAndUnlockAsync(_alice, "PRT-101");
        await _server.RunMaintenanceAsync();

        var page = await EventStream.HistoryPageAsync(_alice);
        var floor = page.GetProperty("floor").GetInt64();
        Assert.Equal(old[^1].GetProperty("id").GetInt64(), floor);
        return (floor, page.GetProperty("events").EnumerateArray().ToList());
    }

    [Fact]
    public async Task Prune_EventsOlderThanRetention_RemovesThemAndRaisesFloor()
    {
        var (floor, remaining) = await PruneFirstFourAsync();

        var page = await EventStream.HistoryPageAsync(_alice);
        Assert.Equal(2, remaining.Count);
        Assert.All(remaining, e => Assert.True(e.GetProperty("id").GetInt64() > floor));
        Assert.Equal([EventTypes.ItemLocked, EventTypes.ItemUnlocked], remaining.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(remaining[^1].GetProperty("id").GetInt64(), page.GetProperty("head").GetInt64());
    }

    [Fact]
    public async Task Prune_EventsWithinRetention_KeepsThem()
    {
        await EventStream.LockAndUnlockAsync(_alice, "PRT-100");
        _server.Clock.Advance(Retention - TimeSpan.FromMinutes(1));

        await _server.RunMaintenanceAsync();

        var page = await EventStream.HistoryPageAsync(_alice);
        Assert.Equal(4, page.GetProperty("events").GetArrayLength());
        Assert.Equal(0, page.GetProperty("floor").GetInt64());
    }

    [Fact]
    public async Task Prune_EventToFollowers_RemovesItsRecipientRowsWithIt()
    {
        using var bob = _server.Client(await _server.CreateUserAsync("bob", "editor"));
        var desk = await CheckpointKit.RegisterWorkstationAsync(bob, "bob-desk");
        await _server.SubscribeAsync([desk], "item", "PRT-100");
        await CheckpointKit.PushAsync(_server, _alice, "PRT-100", CheckpointKit.RandomBytes(64), "body_close");
        _server.Clock.Advance(Retention * 2);
        await CheckpointKit.PushAsync(_server, _alice, "PRT-100", CheckpointKit.RandomBytes(64), "body_close");

        await _server.RunMaintenanceAsync();

        var newest = await _server.ScalarAsync<long>("SELECT MAX(id) FROM events");
        Assert.Equal([newest], (await _server.Db().ReadAsync(s => s.QueryAsync<long>("SELECT event_id FROM event_recipients", null, default), default)).ToList());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(2L)]
    public async Task Stream_ResumeBeforeFloor_SendsSyncRequiredThenRemainingEvents(long lastEventId)
    {
        var (floor, remaining) = await PruneFirstFourAsync();

        await using var sse = await EventStream.ConnectAsync(_alice, lastEventId: lastEventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var sync = await sse.NextEventAsync();

        Assert.Equal(EventTypes.SyncRequired, sync.Type);
        Assert.Equal(floor, sync.NumericId());
        var envelope = sync.Json;
        Assert.Equal(floor, envelope.GetProperty("id").GetInt64());
        Assert.Equal(EventTypes.SyncRequired, envelope.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, envelope.GetProperty("part_number").ValueKind);
        Assert.Equal(_server.Clock.GetUtcNow(), envelope.GetProperty("occurred_at").GetDateTimeOffset());
        Assert.Equal("events_pruned", envelope.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(floor, envelope.GetProperty("data").GetProperty("resume_after").GetInt64());

        var rest = await sse.ReadThroughAsync(remaining[^1].GetProperty("id").GetInt64());
        EventStream.AssertSameAsHistory(remaining, rest);
    }

    [Fact]
    public async Task Stream_ResumeAtFloor_ReplaysWithoutSyncRequired()
    {
        var (floor, remaining) = await PruneFirstFourAsync();

        await using var sse = await EventStream.ConnectAsync(_alice, lastEventId: floor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var received = await sse.ReadThroughAsync(remaining[^1].GetProperty("id").GetInt64());

        EventStream.AssertSameAsHistory(remaining, received);
    }

    [Fact]
    public async Task Stream_ResumeAfterSyncRequired_FromItsIdNeedsNoSecondSync()
    {
        var (_, remaining) = await PruneFirstFourAsync();
        string syncId;
        await using (var first = await EventStream.ConnectAsync(_alice, lastEventId: "1"))
            syncId = (await first.NextEventAsync()).Id!;

        // The client re-synced and resumes from the id the sync_required carried.
        await using var second = await EventStream.ConnectAsync(_alice, lastEventId: syncId);
        var received = await second.ReadThroughAsync(remaining[^1].GetProperty("id").GetInt64());

        EventStream.AssertSameAsHistory(remaining, received);
    }

    [Fact]
    public async Task Stream_ResumeBeyondHead_SendsSyncRequiredUnknownPosition()
    {
        var head = (await EventStream.HistoryPageAsync(_alice)).GetProperty("head").GetInt64();

        await using var sse = await EventStream.ConnectAsync(_alice, lastEventId: (head + 100).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var sync = await sse.NextEventAsync();

        Assert.Equal(EventTypes.SyncRequired, sync.Type);
        Assert.Equal(head, sync.NumericId());
        Assert.Equal("unknown_position", sync.Json.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(head, sync.Json.GetProperty("data").GetProperty("resume_after").GetInt64());

        // From there the stream carries on at the server's present.
        using (var locked = await _alice.PostAsync("/api/items/PRT-100/lock", null))
            await HttpAssert.JsonAsync(locked, HttpStatusCode.Created);
        var next = await sse.NextEventAsync();
        Assert.Equal(EventTypes.ItemLocked, next.Type);
        Assert.Equal(head + 1, next.NumericId());
    }

    [Fact]
    public async Task Prune_EveryEventOld_HeadKeepsNewestIdAndIdsContinue()
    {
        await EventStream.LockAndUnlockAsync(_alice, "PRT-100");
        _server.Clock.Advance(Retention * 2);
        await _server.RunMaintenanceAsync();

        var page = await EventStream.HistoryPageAsync(_alice);
        Assert.Equal(0, page.GetProperty("events").GetArrayLength());
        Assert.Equal(4, page.GetProperty("floor").GetInt64());
        Assert.Equal(4, page.GetProperty("head").GetInt64());

        // A client that had seen everything resumes cleanly: its id is the head, not an unknown one.
        await using var sse = await EventStream.ConnectAsync(_alice, lastEventId: "4");
        using (var locked = await _alice.PostAsync("/api/items/PRT-101/lock", null))
            await HttpAssert.JsonAsync(locked, HttpStatusCode.Created);
        var next = await sse.NextEventAsync();
        Assert.Equal(EventTypes.ItemLocked, next.Type);
        Assert.Equal(5, next.NumericId());
    }
}
