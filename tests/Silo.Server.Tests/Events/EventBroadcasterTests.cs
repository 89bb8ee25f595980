using System.Net;
using Silo.Server.Tests.EditSessions;
using Silo.Server.Events;
using Silo.Server.Tests.Checkpoints;
using Silo.Testing;

namespace Silo.Server.Tests.Events;

public sealed class EventBroadcasterTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync("--maintenance-interval", "1.00:00:00");
        await _server.CreateItemAsync("PRT-100");
        await _server.CreateItemAsync("PRT-101");
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Stream_ConnectingWhileEventsCommit_LosesAndRepeatsNothing()
    {
        // Writers keep committing while streams subscribe and replay: the hand-over from the log to
        // the live inbox must neither skip an event nor deliver one twice.
        using var stop = new CancellationTokenSource();
        var writers = new[] { "PRT-100", "PRT-101" }.Select(pn => Task.Run(async () =>
        {
            using var editor = _server.Client(await _server.CreateUserAsync($"writer-{pn}", "editor"));
            var pairs = 0;
            while (!stop.IsCancellationRequested || pairs < 5)
            {
                await EventStream.LockAndUnlockAsync(editor, pn);
                pairs++;
            }
        })).ToList();

        var streams = new List<(SseClient Stream, long After)>();
        for (var i = 0; i < 6; i++)
        {
            var history = await EventStream.HistoryAsync(_alice);
            var after = history.Count > 2 ? history[history.Count / 2].GetProperty("id").GetInt64() : 0;
            streams.Add((await EventStream.ConnectAsync(_alice, lastEventId: after.ToString(System.Globalization.CultureInfo.InvariantCulture)), after));
        }
        await stop.CancelAsync();
        await Task.WhenAll(writers).WaitAsync(EventStream.Timeout);

        var all = await EventStream.HistoryAsync(_alice);
        var lastId = all[^1].GetProperty("id").GetInt64();
        foreach (var (stream, after) in streams)
        {
            await using (stream)
            {
                var received = await stream.ReadThroughAsync(lastId);
                EventStream.AssertSameAsHistory(all.Where(e => e.GetProperty("id").GetInt64() > after).ToList(), received);
            }
        }
    }

    [Fact]
    public async Task Stream_EventForAnotherWorkstation_IsNotDeliveredButLaterPublicOnesAre()
    {
        var bobToken = await _server.CreateUserAsync("bob", "editor");
        using var bob = _server.Client(bobToken);
        var aliceDesk = await EditSessionTestKit.RegisterWorkstationAsync(_alice, "alice-desk");
        var bobDesk = await EditSessionTestKit.RegisterWorkstationAsync(bob, "bob-desk");
        // Bob has the part open, so he hears who edits it; the handoff he asks for is alice's alone.
        await EditSessionTestKit.WatchAsync(bob, bobDesk, "PRT-100");
        await using var aliceStream = await EventStream.ConnectAsync(_alice, path: $"/api/events?workstation_id={aliceDesk}");
        await using var bobStream = await EventStream.ConnectAsync(bob, path: $"/api/events?workstation_id={bobDesk}");

        var grant = await HttpAssert.JsonAsync(await _alice.PostAsync("/api/items/PRT-100/edit-session",
            System.Net.Http.Json.JsonContent.Create(new { workstation_id = aliceDesk, context_level = "sketch", object_id = "Sketch001" })), HttpStatusCode.OK);
        var session = grant.GetProperty("session_id").GetString();
        await HttpAssert.JsonAsync(await bob.PostAsync($"/api/items/PRT-100/edit-session/{session}/request-handoff", null), HttpStatusCode.Accepted);
        await EventStream.LockAndUnlockAsync(bob, "PRT-101");

        Assert.Equal(EventTypes.EditSessionAcquired, (await aliceStream.NextEventAsync()).Type);
        Assert.Equal(EventTypes.EditHandoffRequested, (await aliceStream.NextEventAsync()).Type);
        Assert.Equal(EventTypes.ItemLocked, (await aliceStream.NextEventAsync()).Type);
        Assert.Equal(EventTypes.EditSessionAcquired, (await bobStream.NextEventAsync()).Type);
        Assert.Equal(EventTypes.ItemLocked, (await bobStream.NextEventAsync()).Type);
    }

    [Fact]
    public async Task Stream_EventToFollowers_ReachesEachFollowerLiveAndOnReplayAndNobodyElse()
    {
        using var bob = _server.Client(await _server.CreateUserAsync("bob", "editor"));
        using var carol = _server.Client(await _server.CreateUserAsync("carol", "editor"));
        var bobDesk = await EditSessionTestKit.RegisterWorkstationAsync(bob, "bob-desk");
        var bobLaptop = await EditSessionTestKit.RegisterWorkstationAsync(bob, "bob-laptop");
        var carolDesk = await EditSessionTestKit.RegisterWorkstationAsync(carol, "carol-desk");
        await _server.SubscribeAsync([bobDesk, bobLaptop], "item", "PRT-100");
        await _server.SubscribeAsync([carolDesk], "item", "PRT-101");
        var before = (await EventStream.HistoryPageAsync(bob)).GetProperty("head").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var desk = await EventStream.ConnectAsync(bob, path: $"/api/events?workstation_id={bobDesk}");
        await using var laptop = await EventStream.ConnectAsync(bob, path: $"/api/events?workstation_id={bobLaptop}");
        await using var carolStream = await EventStream.ConnectAsync(carol, path: $"/api/events?workstation_id={carolDesk}");
        await using var bobAnywhere = await EventStream.ConnectAsync(bob);

        await CheckpointKit.PushAsync(_server, _alice, "PRT-100", CheckpointKit.RandomBytes(64), "body_close");
        await EventStream.LockAndUnlockAsync(_alice, "PRT-101");

        // Live: both followers get the one stored event; the others see the public events only.
        var atDesk = await desk.NextEventAsync();
        var atLaptop = await laptop.NextEventAsync();
        Assert.Equal(EventTypes.SubscriptionCheckpoint, atDesk.Type);
        Assert.Equal((atDesk.Type, atDesk.Id), (atLaptop.Type, atLaptop.Id));
        Assert.Equal(EventTypes.ItemLocked, (await desk.NextEventAsync()).Type);
        Assert.Equal(EventTypes.ItemLocked, (await carolStream.NextEventAsync()).Type);
        Assert.Equal(EventTypes.ItemLocked, (await bobAnywhere.NextEventAsync()).Type);

        // Replayed from the log: the same, through the recipient rows.
        await using var deskAgain = await EventStream.ConnectAsync(bob, lastEventId: before, path: $"/api/events?workstation_id={bobDesk}");
        var replayed = await deskAgain.NextEventAsync();
        Assert.Equal((atDesk.Type, atDesk.Id), (replayed.Type, replayed.Id));
        await using var carolAgain = await EventStream.ConnectAsync(carol, lastEventId: before, path: $"/api/events?workstation_id={carolDesk}");
        Assert.Equal(EventTypes.ItemLocked, (await carolAgain.NextEventAsync()).Type);
    }
}
