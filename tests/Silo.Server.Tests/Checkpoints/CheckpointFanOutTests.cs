using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;

namespace Silo.Server.Tests.Checkpoints;

public sealed class CheckpointFanOutTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-100", category: "Brackets", project: "Rover");
        await _server.CreateItemAsync("PRT-200", category: "Wheels", project: "Lander");
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _server.DisposeAsync();
    }

    private static async Task<List<JsonElement>> CheckpointEventsAsync(HttpClient client, string? workstationId)
    {
        var page = await HttpAssert.JsonAsync(await client.GetAsync("/api/events/history?limit=1000" + (workstationId is null ? "" : $"&workstation_id={workstationId}")),
            HttpStatusCode.OK);
        return page.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "subscription.checkpoint").ToList();
    }

    [Theory]
    [InlineData("sketch_close", false)]
    [InlineData("body_close", true)]
    [InlineData("assembly_close", true)]
    [InlineData("manual", true)]
    [InlineData("autosave", false)]
    public async Task Create_Context_NotifiesFollowingWorkstationsOnlyForNotifyingContexts(string context, bool notifies)
    {
        using var bob = _server.Client(await _server.CreateUserAsync("bob", "viewer"));
        using var carol = _server.Client(await _server.CreateUserAsync("carol", "viewer"));
        var byItem = await RegisterWorkstationAsync(bob, "bob-item");
        var byProject = await RegisterWorkstationAsync(bob, "bob-project");
        var byCategory = await RegisterWorkstationAsync(carol, "carol-category");
        var released = await RegisterWorkstationAsync(carol, "carol-released");
        var paused = await RegisterWorkstationAsync(carol, "carol-paused");
        var elsewhere = await RegisterWorkstationAsync(carol, "carol-other-item");
        var own = await RegisterWorkstationAsync(_alice, "alice-own");
        await _server.SubscribeAsync([byItem, own], "item", "prt-100");
        await _server.SubscribeAsync([byProject, byItem], "project", "Rover");
        await _server.SubscribeAsync([byCategory], "category", "Brackets");
        await _server.SubscribeAsync([released], "item", "PRT-100", policy: "latest_released");
        await _server.SubscribeAsync([paused], "item", "PRT-100", paused: true);
        await _server.SubscribeAsync([elsewhere], "item", "PRT-200");

        var bytes = RandomBytes(200);
        var result = await PushAsync(_server, _alice, "PRT-100", bytes, context);

        var expected = notifies ? 3 : 0;
        Assert.Equal(expected, result.GetProperty("subscribers_notified").GetInt32());
        // Stored once, with its followers listed beside it.
        Assert.Equal(notifies ? 1 : 0, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM events WHERE type = 'subscription.checkpoint'"));
        Assert.Equal(expected, await _server.ScalarAsync<long>(
            "SELECT COUNT(*) FROM event_recipients r JOIN events e ON e.id = r.event_id WHERE e.type = 'subscription.checkpoint'"));
        foreach (var (client, workstation, follows) in new[]
                 {
                     (bob, byItem, true), (bob, byProject, true), (carol, byCategory, true), (carol, released, false), (carol, paused, false),
                     (carol, elsewhere, false), (_alice, own, false),
                 })
        {
            var received = await CheckpointEventsAsync(client, workstation);
            Assert.Equal(follows && notifies ? 1 : 0, received.Count);
            if (received.Count == 0) continue;
            var data = received[0].GetProperty("data");
            Assert.Equal("PRT-100", received[0].GetProperty("part_number").GetString());
            Assert.Equal("PRT-100", data.GetProperty("part_number").GetString());
            Assert.Equal(await _server.ItemIdAsync("PRT-100"), data.GetProperty("item_id").GetString());
            Assert.Equal(result.GetProperty("checkpoint_id").GetString(), data.GetProperty("checkpoint_id").GetString());
            Assert.Equal(context, data.GetProperty("context").GetString());
            Assert.Equal("alice", data.GetProperty("checkpoint_user").GetString());
            Assert.Equal(Sha256(bytes), data.GetProperty("file_hash").GetString());
            Assert.Equal(bytes.Length, data.GetProperty("file_size").GetInt64());
            Assert.Equal(_server.Clock.GetUtcNow(), data.GetProperty("created_at").GetDateTimeOffset());
        }
        // Addressed to workstations: a stream without one does not carry them.
        Assert.Empty(await CheckpointEventsAsync(bob, null));
    }

    [Fact]
    public async Task Create_500ConnectedSubscribers_EachReceivesTheEventExactlyOnce()
    {
        const int users = 5;
        const int perUser = 100;
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 2000, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var clients = new List<HttpClient>();
        var workstations = new List<(HttpClient Client, string Id)>();
        try
        {
            for (var u = 0; u < users; u++)
            {
                var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = _server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _server.CreateUserAsync($"user{u}", "viewer"));
                clients.Add(client);
            }
            var registered = await Task.WhenAll(clients.Select(async client =>
            {
                var ids = new List<string>();
                for (var w = 0; w < perUser; w++) ids.Add(await RegisterWorkstationAsync(client, $"ws-{w}"));
                return ids.Select(id => (client, id)).ToList();
            }));
            workstations.AddRange(registered.SelectMany(r => r));
            // Every kind of subscription reaches the item; a third each.
            await _server.SubscribeAsync(workstations.Where((_, i) => i % 3 == 0).Select(w => w.Id), "item", "PRT-100");
            await _server.SubscribeAsync(workstations.Where((_, i) => i % 3 == 1).Select(w => w.Id), "project", "Rover");
            await _server.SubscribeAsync(workstations.Where((_, i) => i % 3 == 2).Select(w => w.Id), "category", "Brackets");

            var streams = new SseClient[workstations.Count];
            using var connecting = new SemaphoreSlim(50);
            await Task.WhenAll(workstations.Select(async (w, i) =>
            {
                await connecting.WaitAsync();
                try
                {
                    streams[i] = await SseClient.ConnectAsync(w.Client, path: $"/api/events?workstation_id={w.Id}");
                    Assert.Equal(HttpStatusCode.OK, streams[i].Response.StatusCode);
                }
                finally
                {
                    connecting.Release();
                }
            }));

            try
            {
                var first = await PushAsync(_server, _alice, "PRT-100", RandomBytes(2000), "body_close");
                Assert.Equal(500, first.GetProperty("subscribers_notified").GetInt32());
                // A second checkpoint marks the end: whatever a stream carries before it is all it got of the first.
                var marker = await PushAsync(_server, _alice, "PRT-100", RandomBytes(2000), "manual");
                var firstId = first.GetProperty("checkpoint_id").GetString();
                var markerId = marker.GetProperty("checkpoint_id").GetString();

                var eventIds = new ConcurrentBag<string>();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
                var counts = await Task.WhenAll(streams.Select(async stream =>
                {
                    var seen = new List<(string? EventId, string? CheckpointId)>();
                    while (true)
                    {
                        var message = await stream.ReadEventAsync(timeout.Token);
                        Assert.NotNull(message);
                        if (message.Type != "subscription.checkpoint") continue;
                        var checkpointId = message.Json.GetProperty("data").GetProperty("checkpoint_id").GetString();
                        seen.Add((message.Id, checkpointId));
                        if (checkpointId == markerId) break;
                    }
                    var ofFirst = seen.Where(s => s.CheckpointId == firstId).ToList();
                    foreach (var s in ofFirst) eventIds.Add(s.EventId!);
                    Assert.Equal(seen.Count, seen.Select(s => s.EventId).Distinct().Count());
                    return ofFirst.Count;
                }));

                Assert.All(counts, count => Assert.Equal(1, count));
                // One stored event, told to all of them.
                Assert.Equal(500, eventIds.Count);
                Assert.Single(eventIds.Distinct());
            }
            finally
            {
                foreach (var stream in streams) await stream.DisposeAsync();
            }
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }
}
