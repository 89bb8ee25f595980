using System.Net;
using Silo.Server.Tests.Checkpoints;
using Silo.Server.Tests.EditSessions;
using Silo.Testing;

namespace Silo.Server.Tests.Events;

/// <summary>Who hears of an item's edit sessions: the workstations working with the item, and streams without a workstation.</summary>
public sealed class PresenceAudienceTests : TwoEditorsTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-101");
    }

    [Fact]
    public async Task Stream_SessionEvents_ReachHolderFollowerWatcherAndUnattachedStreamsButNotOthers()
    {
        var follower = await EditSessionTestKit.RegisterWorkstationAsync(Bob.Http, "bob-laptop");
        var watcher = await EditSessionTestKit.RegisterWorkstationAsync(Bob.Http, "bob-desk");
        var other = Bob.WorkstationId;
        // Paused: no files, but its user still sees who edits the part.
        await Server.SubscribeAsync([follower], "item", "prt-100", paused: true);
        await EditSessionTestKit.WatchAsync(Bob.Http, watcher, "PRT-100", "NO-SUCH-PART");
        var before = (await EventStream.HistoryPageAsync(Bob.Http)).GetProperty("head").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var streams = new Dictionary<string, SseClient>
        {
            ["holder"] = await EventStream.ConnectAsync(Alice.Http, path: $"/api/events?workstation_id={Alice.WorkstationId}"),
            ["follower"] = await EventStream.ConnectAsync(Bob.Http, path: $"/api/events?workstation_id={follower}"),
            ["watcher"] = await EventStream.ConnectAsync(Bob.Http, path: $"/api/events?workstation_id={watcher}"),
            ["unattached"] = await EventStream.ConnectAsync(Bob.Http),
            ["other"] = await EventStream.ConnectAsync(Bob.Http, path: $"/api/events?workstation_id={other}"),
        };
        try
        {
            var session = (await Alice.GrantAsync("PRT-100", "sketch", "Sketch001")).GetProperty("session_id").GetString();
            Assert.Equal(HttpStatusCode.NoContent, (await Alice.Http.DeleteAsync($"/api/items/PRT-100/edit-session/{session}")).StatusCode);
            await EventStream.LockAndUnlockAsync(Alice.Http, "PRT-101");

            foreach (var (name, stream) in streams)
            {
                var expected = name == "other"
                    ? new[] { EventTypes.ItemLocked }
                    : [EventTypes.EditSessionAcquired, EventTypes.EditSessionReleased, EventTypes.ItemLocked];
                var got = new List<string>();
                for (var i = 0; i < expected.Length; i++) got.Add((await stream.NextEventAsync()).Type!);
                Assert.True(expected.SequenceEqual(got), $"{name} got {string.Join(", ", got)}");
            }

            // Replayed from the log, by the same rule.
            await using var otherAgain = await EventStream.ConnectAsync(Bob.Http, lastEventId: before, path: $"/api/events?workstation_id={other}");
            Assert.Equal(EventTypes.ItemLocked, (await otherAgain.NextEventAsync()).Type);
            await using var watcherAgain = await EventStream.ConnectAsync(Bob.Http, lastEventId: before, path: $"/api/events?workstation_id={watcher}");
            Assert.Equal(EventTypes.EditSessionAcquired, (await watcherAgain.NextEventAsync()).Type);
        }
        finally
        {
            foreach (var stream in streams.Values) await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stream_AnotherSessionOnAHeldItem_ReachesTheHolderWithoutWatching()
    {
        await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");
        await using var aliceStream = await EventStream.ConnectAsync(Alice.Http, path: $"/api/events?workstation_id={Alice.WorkstationId}");

        await Bob.GrantAsync("PRT-100", "sketch", "Sketch002");

        var told = await aliceStream.NextEventAsync();
        Assert.Equal(EventTypes.EditSessionAcquired, told.Type);
        Assert.Equal("bob", told.Json.GetProperty("data").GetProperty("user").GetString());
    }

    [Fact]
    public async Task WatchItems_ReplacedBySetWithoutTheItem_StopsItsSessionEvents()
    {
        await EditSessionTestKit.WatchAsync(Bob.Http, Bob.WorkstationId, "PRT-100", "PRT-101");
        await EditSessionTestKit.WatchAsync(Bob.Http, Bob.WorkstationId, "PRT-101");
        await using var bobStream = await EventStream.ConnectAsync(Bob.Http, path: $"/api/events?workstation_id={Bob.WorkstationId}");

        await Alice.GrantAsync("PRT-100", "sketch", "Sketch001");
        await Alice.GrantAsync("PRT-101", "sketch", "Sketch001");

        var told = await bobStream.NextEventAsync();
        Assert.Equal(EventTypes.EditSessionAcquired, told.Type);
        Assert.Equal("PRT-101", told.Json.GetProperty("data").GetProperty("part_number").GetString());
    }

    [Fact]
    public async Task Presence_OfAWorkstation_ListsTheSessionsItsStreamCarriesAndNoOthers()
    {
        foreach (var pn in new[] { "PRT-102", "PRT-103", "PRT-104" }) await Server.CreateItemAsync(pn);
        await Server.SubscribeAsync([Bob.WorkstationId], "item", "PRT-101");
        await EditSessionTestKit.WatchAsync(Bob.Http, Bob.WorkstationId, "PRT-102");
        await Bob.GrantAsync("PRT-103", "sketch", "Sketch001");
        foreach (var pn in new[] { "PRT-100", "PRT-101", "PRT-102", "PRT-103", "PRT-104" }) await Alice.GrantAsync(pn, "sketch", "Sketch009");

        var heard = (await HttpAssert.JsonAsync(await Bob.Http.GetAsync($"/api/workstations/{Bob.WorkstationId}/presence"), HttpStatusCode.OK))
            .EnumerateArray().ToList();

        Assert.Equal(["PRT-101", "PRT-102", "PRT-103"], heard.Select(i => i.GetProperty("part_number").GetString()));
        Assert.Equal(["bob", "alice"], heard[2].GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("user").GetString()));
    }

    [Fact]
    public async Task Presence_ForeignOrUnknownWorkstation_IsRefused()
    {
        await HttpAssert.ProblemAsync(await Bob.Http.GetAsync($"/api/workstations/{Alice.WorkstationId}/presence"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Bob.Http.GetAsync($"/api/workstations/{Guid.NewGuid()}/presence"), HttpStatusCode.NotFound);
    }
}
