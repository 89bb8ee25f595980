using System.Net;
using System.Text.Json;
using Silo.Server.Tests.Subscriptions;
using Silo.Testing;
using static Silo.Server.Tests.Subscriptions.SubscriptionTestKit;

namespace Silo.Server.Tests.Sync;

public sealed class SyncApiTests : AliceDeskTests
{
    protected override async Task SeedAsync(SiloTestServer server)
    {
        await server.CreateItemAsync("PRT-100", category: "Brackets", project: "Rover");
    }

    private Task<JsonElement> DiffAsync(string query = "") => Silo.Server.Tests.Subscriptions.SubscriptionTestKit.DiffAsync(Alice, Ws, query);

    private static JsonElement Only(JsonElement diff, string list)
    {
        foreach (var other in new[] { "downloads", "updates", "removals" }.Where(l => l != list))
            Assert.Empty(diff.GetProperty(other).EnumerateArray());
        Assert.Equal(JsonValueKind.Null, diff.GetProperty("next_cursor").ValueKind);
        return Assert.Single(diff.GetProperty(list).EnumerateArray());
    }

    private static void AssertEmpty(JsonElement diff) => Assert.Empty(Entries(diff));

    private async Task AckAsync(object body) =>
        Assert.Equal(HttpStatusCode.NoContent, (await Alice.PostJsonAsync($"/api/workstations/{Ws}/sync-ack", body)).StatusCode);

    private async Task ReportAsync(params object[] items) =>
        Assert.Equal(HttpStatusCode.NoContent, (await Alice.PostJsonAsync($"/api/workstations/{Ws}/sync-state", new { items })).StatusCode);

    [Fact]
    public async Task Diff_LatestReleased_TargetsHighestReleasedAndIgnoresDrafts()
    {
        var (rev1, hash1) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await ReleaseAsync(Bob, "PRT-100", rev1);
        await CreateRevisionAsync(Bob, "PRT-100", "v2");
        var sub = await SubscribeAsync(Alice, Ws, "item", "PRT-100", "latest_released");

        var entry = Only(await DiffAsync(), "downloads");

        Assert.Equal("download", entry.GetProperty("action").GetString());
        Assert.Equal(1, entry.GetProperty("target_revision").GetInt32());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("current_revision").ValueKind);
        Assert.Equal(hash1, entry.GetProperty("file_hash").GetString());
        Assert.False(entry.GetProperty("is_checkpoint").GetBoolean());
        Assert.Equal(sub.GetProperty("id").GetString(), entry.GetProperty("subscription_id").GetString());
        Assert.Equal("Brackets", entry.GetProperty("category").GetString());
        Assert.Equal("Test part", entry.GetProperty("description").GetString());
        Assert.StartsWith($"/api/blobs/{hash1}?", entry.GetProperty("download_url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_LatestReleased_NothingReleasedYet_OffersNothing()
    {
        await CreateRevisionAsync(Bob, "PRT-100", "draft only");
        await SubscribeAsync(Alice, Ws, "category", "Brackets", "latest_released");

        AssertEmpty(await DiffAsync());
    }

    [Fact]
    public async Task Diff_Latest_TakesNewestOfRevisionAndOtherUsersCheckpoint()
    {
        var (_, hash1) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await SubscribeAsync(Alice, Ws, "project", "Rover", "latest");
        Assert.Equal(hash1, Only(await DiffAsync(), "downloads").GetProperty("file_hash").GetString());

        // The workstation owner's own checkpoint is their local work: never offered back.
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        await InsertCheckpointAsync(Server, "PRT-100", "alice");
        Assert.Equal(hash1, Only(await DiffAsync(), "downloads").GetProperty("file_hash").GetString());

        // Another user's newer checkpoint is.
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        var (checkpointId, checkpointHash) = await InsertCheckpointAsync(Server, "PRT-100", "bob", "assembly_close");
        var entry = Only(await DiffAsync(), "downloads");
        Assert.True(entry.GetProperty("is_checkpoint").GetBoolean());
        Assert.Equal(checkpointId, entry.GetProperty("checkpoint_id").GetString());
        Assert.Equal("assembly_close", entry.GetProperty("checkpoint_context").GetString());
        Assert.Equal("bob", entry.GetProperty("checkpoint_user").GetString());
        Assert.Equal(checkpointHash, entry.GetProperty("file_hash").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("target_revision").ValueKind);
        Assert.StartsWith($"/api/blobs/{checkpointHash}?", entry.GetProperty("download_url").GetString(), StringComparison.Ordinal);

        // A later revision supersedes the checkpoint.
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        var (rev2, hash2) = await CreateRevisionAsync(Bob, "PRT-100", "v2");
        entry = Only(await DiffAsync(), "downloads");
        Assert.False(entry.GetProperty("is_checkpoint").GetBoolean());
        Assert.Equal(rev2, entry.GetProperty("target_revision").GetInt32());
        Assert.Equal(hash2, entry.GetProperty("file_hash").GetString());
    }

    [Fact]
    public async Task Diff_DownloadUrl_FetchesTheTargetBytesWithoutAToken()
    {
        var (rev, _) = await CreateRevisionAsync(Bob, "PRT-100", "the released bytes");
        await ReleaseAsync(Bob, "PRT-100", rev);
        await SubscribeAsync(Alice, Ws, "item", "PRT-100");
        var url = Only(await DiffAsync(), "downloads").GetProperty("download_url").GetString()!;

        using var anonymous = Server.Client();
        using var response = await anonymous.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("the released bytes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Diff_Latest_CheckpointPushedThroughTheApi_IsAnnouncedAndOffered()
    {
        await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await SubscribeAsync(Alice, Ws, "category", "Brackets", "latest");
        await using var stream = await StreamAsync(Alice, Ws);
        Server.Clock.Advance(TimeSpan.FromMinutes(1));

        var bytes = System.Text.Encoding.UTF8.GetBytes("bob's body");
        var pushed = await Checkpoints.CheckpointKit.PushAsync(Server, Bob, "PRT-100", bytes, "body_close");
        var checkpointId = pushed.GetProperty("checkpoint_id").GetString();
        Assert.Equal(1, pushed.GetProperty("subscribers_notified").GetInt32());

        var announced = (await ReadUntilAsync(stream, m => m.Type == "subscription.checkpoint")).Last().Json.GetProperty("data");
        Assert.Equal(checkpointId, announced.GetProperty("checkpoint_id").GetString());
        var entry = Only(await DiffAsync(), "downloads");
        Assert.Equal(checkpointId, entry.GetProperty("checkpoint_id").GetString());
        Assert.Equal("bob", entry.GetProperty("checkpoint_user").GetString());
        Assert.Equal("body_close", entry.GetProperty("checkpoint_context").GetString());
        Assert.Equal(Checkpoints.CheckpointKit.Sha256(bytes), entry.GetProperty("file_hash").GetString());
    }

    [Fact]
    public async Task Diff_Latest_IgnoresIntermediateAndExpiredCheckpoints()
    {
        var (_, hash1) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await SubscribeAsync(Alice, Ws, "item", "PRT-100", "latest");
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        await InsertCheckpointAsync(Server, "PRT-100", "bob", "autosave");
        await InsertCheckpointAsync(Server, "PRT-100", "bob", "sketch_close");
        var (manualId, _) = await InsertCheckpointAsync(Server, "PRT-100", "bob", "manual", lifetime: TimeSpan.FromHours(1));

        Assert.Equal(manualId, Only(await DiffAsync(), "downloads").GetProperty("checkpoint_id").GetString());

        Server.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(hash1, Only(await DiffAsync(), "downloads").GetProperty("file_hash").GetString());
    }

    [Fact]
    public async Task Diff_Pinned_TargetsExactlyThatRevision()
    {
        var (_, hash1) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        var (rev2, hash2) = await CreateRevisionAsync(Bob, "PRT-100", "v2");
        await ReleaseAsync(Bob, "PRT-100", rev2);
        await CreateRevisionAsync(Bob, "PRT-100", "v3");
        var sub = (await SubscribeAsync(Alice, Ws, "item", "PRT-100", "pinned", 1)).GetProperty("id").GetString();

        var entry = Only(await DiffAsync(), "downloads");
        Assert.Equal(1, entry.GetProperty("target_revision").GetInt32());
        Assert.Equal(hash1, entry.GetProperty("file_hash").GetString());

        await HttpAssert.JsonAsync(await Alice.PatchAsync($"/api/subscriptions/{sub}",
            System.Net.Http.Json.JsonContent.Create(new { pinned_revision = 2 })), HttpStatusCode.OK);
        Assert.Equal(hash2, Only(await DiffAsync(), "downloads").GetProperty("file_hash").GetString());

        // A revision that does not exist (yet) is no target at all.
        await HttpAssert.JsonAsync(await Alice.PatchAsync($"/api/subscriptions/{sub}",
            System.Net.Http.Json.JsonContent.Create(new { pinned_revision = 9 })), HttpStatusCode.OK);
        AssertEmpty(await DiffAsync());
    }

    [Fact]
    public async Task Diff_Paused_ContributesNothingAndKeepsHeldItems_UnpauseRestores()
    {
        await Server.CreateItemAsync("PRT-101", category: "Brackets");
        var (r100, h100) = await CreateRevisionAsync(Bob, "PRT-100", "100");
        await ReleaseAsync(Bob, "PRT-100", r100);
        var (r101, h101) = await CreateRevisionAsync(Bob, "PRT-101", "101");
        await ReleaseAsync(Bob, "PRT-101", r101);
        var sub = (await SubscribeAsync(Alice, Ws, "category", "Brackets")).GetProperty("id").GetString();
        await AckAsync(new { part_number = "PRT-100", revision = r100, file_hash = h100, is_checkpoint = false });
        Assert.Equal([("PRT-101", "download")], Entries(await DiffAsync()));

        await HttpAssert.JsonAsync(await Alice.PatchAsync($"/api/subscriptions/{sub}",
            System.Net.Http.Json.JsonContent.Create(new { paused = true })), HttpStatusCode.OK);
        AssertEmpty(await DiffAsync());

        await HttpAssert.JsonAsync(await Alice.PatchAsync($"/api/subscriptions/{sub}",
            System.Net.Http.Json.JsonContent.Create(new { paused = false })), HttpStatusCode.OK);
        var restored = Only(await DiffAsync(), "downloads");
        Assert.Equal("PRT-101", restored.GetProperty("part_number").GetString());
        Assert.Equal(h101, restored.GetProperty("file_hash").GetString());
    }

    [Fact]
    public async Task Diff_AfterUnsubscribe_HeldItemIsRemoval()
    {
        var (rev, hash) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await ReleaseAsync(Bob, "PRT-100", rev);
        var sub = (await SubscribeAsync(Alice, Ws, "item", "PRT-100")).GetProperty("id").GetString();
        await AckAsync(new { part_number = "PRT-100", revision = rev, file_hash = hash, is_checkpoint = false });
        AssertEmpty(await DiffAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await Alice.DeleteAsync($"/api/subscriptions/{sub}")).StatusCode);

        var removal = Only(await DiffAsync(), "removals");
        Assert.Equal("remove", removal.GetProperty("action").GetString());
        Assert.Equal("PRT-100", removal.GetProperty("part_number").GetString());
        Assert.Equal(rev, removal.GetProperty("current_revision").GetInt32());
        Assert.Equal(JsonValueKind.Null, removal.GetProperty("download_url").ValueKind);
        Assert.Equal(JsonValueKind.Null, removal.GetProperty("subscription_id").ValueKind);

        // Once the workstation reports it no longer holds the item, the removal is done.
        await ReportAsync();
        AssertEmpty(await DiffAsync());
    }

    [Fact]
    public async Task Diff_25EntriesWithLimit10_ThreePagesCoverEachExactlyOnceInOrder()
    {
        // Items A…: 10 downloads, 10 updates (held at an old hash), 5 removals (held, not subscribed).
        var held = new List<object>();
        for (var i = 0; i < 25; i++)
        {
            var pn = $"P-{i:D2}";
            await Server.CreateItemAsync(pn, category: i < 20 ? "Plates" : "Elsewhere");
            var (rev, hash) = await CreateRevisionAsync(Bob, pn, pn);
            await ReleaseAsync(Bob, pn, rev);
            if (i % 2 == 1 || i >= 20)
                held.Add(new { part_number = pn, revision = rev, file_hash = i >= 20 ? hash : new string('0', 64), is_checkpoint = false });
        }
        await SubscribeAsync(Alice, Ws, "category", "Plates");
        await ReportAsync([.. held]);

        var pages = new List<List<(string PartNumber, string Action)>>();
        string? cursor = null;
        do
        {
            var page = await DiffAsync($"?limit=10{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
            pages.Add(Entries(page));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count));
        var all = pages.SelectMany(p => p).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"P-{i:D2}"), all.Select(e => e.PartNumber));
        Assert.Equal(10, all.Count(e => e.Action == "download"));
        Assert.Equal(10, all.Count(e => e.Action == "update"));
        Assert.Equal(5, all.Count(e => e.Action == "remove"));
    }

    [Theory]
    [InlineData("?cursor=not-a-cursor")]
    [InlineData("?cursor=YWZ0ZXI6Li4v")] // "after:../": base64 of a name no part number can have
    [InlineData("?limit=0")]
    [InlineData("?limit=5001")]
    [InlineData("?limit=ten")]
    public async Task Diff_BadCursorOrLimit_Returns400(string query)
    {
        await SubscribeAsync(Alice, Ws, "item", "PRT-100");

        await HttpAssert.ProblemAsync(await Alice.GetAsync($"/api/workstations/{Ws}/sync-diff{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SyncEndpoints_OnAnotherUsersWorkstation_Return403AndStoreNothing()
    {
        var (rev, hash) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await SubscribeAsync(Alice, Ws, "item", "PRT-100", "latest");

        await HttpAssert.ProblemAsync(await Bob.GetAsync($"/api/workstations/{Ws}/sync-diff"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Bob.GetAsync($"/api/workstations/{Ws}/subscriptions/resolve"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Bob.PostJsonAsync($"/api/workstations/{Ws}/sync-ack",
            new { part_number = "PRT-100", revision = rev, file_hash = hash, is_checkpoint = false }), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Bob.PostJsonAsync($"/api/workstations/{Ws}/sync-state",
            new { items = new[] { new { part_number = "PRT-100", revision = rev, file_hash = hash, is_checkpoint = false } } }), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Alice.GetAsync("/api/workstations/nope/sync-diff"), HttpStatusCode.NotFound);

        Assert.Equal("download", Only(await DiffAsync(), "downloads").GetProperty("action").GetString());
    }

    [Fact]
    public async Task Ack_MovesItemOutOfDiff_ThenNewRevisionMakesItAnUpdate()
    {
        var (rev1, hash1) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        var sub = await SubscribeAsync(Alice, Ws, "item", "PRT-100", "latest");
        var itemId = Only(await DiffAsync(), "downloads").GetProperty("item_id").GetString();

        Server.Clock.Advance(TimeSpan.FromMinutes(5));
        await AckAsync(new { item_id = itemId, revision = rev1, file_hash = hash1.ToUpperInvariant(), is_checkpoint = false });
        AssertEmpty(await DiffAsync());
        var stamped = Assert.Single((await HttpAssert.JsonAsync(await Alice.GetAsync($"/api/workstations/{Ws}/subscriptions"), HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(Server.Clock.GetUtcNow(), stamped.GetProperty("last_sync_at").GetDateTimeOffset());

        var (rev2, hash2) = await CreateRevisionAsync(Bob, "PRT-100", "v2");
        var update = Only(await DiffAsync(), "updates");
        Assert.Equal("update", update.GetProperty("action").GetString());
        Assert.Equal(rev1, update.GetProperty("current_revision").GetInt32());
        Assert.Equal(rev2, update.GetProperty("target_revision").GetInt32());
        Assert.Equal(hash2, update.GetProperty("file_hash").GetString());
        Assert.Equal(sub.GetProperty("id").GetString(), update.GetProperty("subscription_id").GetString());

        // A checkpoint is acknowledged by its id.
        Server.Clock.Advance(TimeSpan.FromMinutes(1));
        var (checkpointId, checkpointHash) = await InsertCheckpointAsync(Server, "PRT-100", "bob");
        Assert.True(Only(await DiffAsync(), "updates").GetProperty("is_checkpoint").GetBoolean());
        await AckAsync(new { part_number = "PRT-100", checkpoint_id = checkpointId, file_hash = checkpointHash, is_checkpoint = true });
        AssertEmpty(await DiffAsync());
    }

    public static TheoryData<string, string> BadAcks => new()
    {
        { """{"part_number":"PRT-100","file_hash":"{hash}","is_checkpoint":true}""", "checkpoint_id" },
        { """{"part_number":"PRT-100","file_hash":"{hash}","is_checkpoint":false}""", "revision" },
        { """{"part_number":"PRT-100","file_hash":"{hash}"}""", "revision" },
        { """{"part_number":"PRT-100","revision":1,"checkpoint_id":"x","file_hash":"{hash}","is_checkpoint":false}""", "checkpoint_id" },
        { """{"part_number":"PRT-100","revision":0,"file_hash":"{hash}","is_checkpoint":false}""", "revision" },
        { """{"part_number":"PRT-100","revision":1,"file_hash":"abc","is_checkpoint":false}""", "file_hash" },
        { """{"part_number":"PRT-100","revision":1,"file_hash":"{other}","is_checkpoint":false}""", "file_hash" },
        { """{"part_number":"PRT-100","revision":7,"file_hash":"{hash}","is_checkpoint":false}""", "revision" },
        { """{"part_number":"PRT-100","checkpoint_id":"nope","file_hash":"{hash}","is_checkpoint":true}""", "checkpoint_id" },
        { """{"part_number":"PRT-999","revision":1,"file_hash":"{hash}","is_checkpoint":false}""", "part_number" },
        { """{"item_id":"nope","revision":1,"file_hash":"{hash}","is_checkpoint":false}""", "item_id" },
        { """{"revision":1,"file_hash":"{hash}","is_checkpoint":false}""", "item_id" },
    };

    [Theory]
    [MemberData(nameof(BadAcks))]
    public async Task Ack_BadRequest_Returns422AndStoresNothing(string template, string field)
    {
        var (_, hash) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await SubscribeAsync(Alice, Ws, "item", "PRT-100", "latest");
        var body = template.Replace("{hash}", hash, StringComparison.Ordinal).Replace("{other}", new string('a', 64), StringComparison.Ordinal);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var problem = await HttpAssert.ProblemAsync(await Alice.PostAsync($"/api/workstations/{Ws}/sync-ack", content), HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}: {problem}");
        Assert.Equal("download", Only(await DiffAsync(), "downloads").GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Null, Assert.Single((await HttpAssert.JsonAsync(
            await Alice.GetAsync($"/api/workstations/{Ws}/subscriptions"), HttpStatusCode.OK)).EnumerateArray()).GetProperty("last_sync_at").ValueKind);
    }

    [Fact]
    public async Task Report_ReplacesHeldState_ItemsLeftOutAreDownloadsAgain()
    {
        await Server.CreateItemAsync("PRT-101", category: "Brackets");
        var (r100, h100) = await CreateRevisionAsync(Bob, "PRT-100", "100");
        var (r101, h101) = await CreateRevisionAsync(Bob, "PRT-101", "101");
        await SubscribeAsync(Alice, Ws, "category", "Brackets", "latest");

        await ReportAsync(new { part_number = "prt-100", revision = r100, file_hash = h100, is_checkpoint = false },
            new { part_number = "PRT-101", revision = r101, file_hash = h101 });
        AssertEmpty(await DiffAsync());

        await ReportAsync(new { part_number = "PRT-101", revision = r101, file_hash = h101, is_checkpoint = false });
        Assert.Equal([("PRT-100", "download")], Entries(await DiffAsync()));

        // A locally modified file (another hash) is an update back to the target.
        await ReportAsync(new { part_number = "PRT-100", revision = r100, file_hash = new string('b', 64), is_checkpoint = false },
            new { part_number = "PRT-101", revision = r101, file_hash = h101, is_checkpoint = false });
        Assert.Equal([("PRT-100", "update")], Entries(await DiffAsync()));
    }

    public static TheoryData<string, string> BadReports => new()
    {
        { """{"items":[{"part_number":"PRT-100","revision":1,"file_hash":"{hash}","is_checkpoint":false},{"part_number":"PRT-999","revision":1,"file_hash":"{hash}","is_checkpoint":false}]}""", "items[1].part_number" },
        { """{"items":[{"part_number":"PRT-100","revision":1,"file_hash":"{hash}"},{"part_number":"prt-100","revision":1,"file_hash":"{hash}"}]}""", "items[1].part_number" },
        { """{"items":[{"part_number":"../etc","revision":1,"file_hash":"{hash}"}]}""", "items[0].part_number" },
        { """{"items":[{"part_number":"PRT-100","file_hash":"{hash}","is_checkpoint":true}]}""", "items[0].checkpoint_id" },
        { """{"items":[{"part_number":"PRT-100","file_hash":"{hash}","is_checkpoint":false}]}""", "items[0].revision" },
        { """{"items":[{"part_number":"PRT-100","revision":1,"file_hash":"xyz"}]}""", "items[0].file_hash" },
        { """{"items":[null]}""", "items[0]" },
        { """{}""", "items" },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task Report_BadRequest_Returns422AndStoresNothing(string template, string field)
    {
        var (rev, hash) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await SubscribeAsync(Alice, Ws, "item", "PRT-100", "latest");
        await ReportAsync(new { part_number = "PRT-100", revision = rev, file_hash = new string('c', 64), is_checkpoint = false });

        using var content = new StringContent(template.Replace("{hash}", hash, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
        var problem = await HttpAssert.ProblemAsync(await Alice.PostAsync($"/api/workstations/{Ws}/sync-state", content), HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}: {problem}");
        // The earlier report stands: still an update from the locally changed file.
        Assert.Equal([("PRT-100", "update")], Entries(await DiffAsync()));
    }
}
