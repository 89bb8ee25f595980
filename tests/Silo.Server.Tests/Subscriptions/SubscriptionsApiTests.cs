using System.Net;
using System.Text.Json;
using Silo.Testing;
using static Silo.Server.Tests.Subscriptions.SubscriptionTestKit;

namespace Silo.Server.Tests.Subscriptions;

public sealed class SubscriptionsApiTests : AliceDeskTests
{
    protected override async Task SeedAsync(SiloTestServer server)
    {
        await server.CreateItemAsync("PRT-100", category: "Brackets", project: "Rover");
        await server.CreateItemAsync("PRT-101", category: "Brackets", project: "Rover");
    }

    private string Subscriptions => $"/api/workstations/{Ws}/subscriptions";

    private async Task<JsonElement> ListAsync() => await HttpAssert.JsonAsync(await Alice.GetAsync(Subscriptions), HttpStatusCode.OK);

    private async Task<long> SubscriptionEventsAsync()
    {
        var page = await HttpAssert.JsonAsync(await Alice.GetAsync($"/api/events/history?workstation_id={Ws}&limit=1000"), HttpStatusCode.OK);
        return page.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "subscription.update");
    }

    [Fact]
    public async Task Create_Defaults_Returns201WithLatestReleasedAndListsIt()
    {
        var created = await HttpAssert.JsonAsync(await Alice.PostJsonAsync(Subscriptions, new { type = "category", target = "Brackets" }), HttpStatusCode.Created);

        Assert.Equal(Ws, created.GetProperty("workstation_id").GetString());
        Assert.Equal("category", created.GetProperty("type").GetString());
        Assert.Equal("Brackets", created.GetProperty("target").GetString());
        Assert.Equal("latest_released", created.GetProperty("revision_policy").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("pinned_revision").ValueKind);
        Assert.False(created.GetProperty("paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("last_sync_at").ValueKind);
        var list = await ListAsync();
        Assert.Equal(created.GetProperty("id").GetString(), Assert.Single(list.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Create_ItemTargetInOtherCase_StoresThePartNumberAsTheItemSpellsIt()
    {
        var created = await SubscribeAsync(Alice, Ws, "item", "prt-100", "pinned", 3);

        Assert.Equal("PRT-100", created.GetProperty("target").GetString());
        Assert.Equal(3, created.GetProperty("pinned_revision").GetInt32());
    }

    public static TheoryData<string, HttpStatusCode, string> BadCreates => new()
    {
        { """{"type":"folder","target":"Brackets"}""", HttpStatusCode.UnprocessableEntity, "type" },
        { """{"type":"category","target":"Brackets","revision_policy":"newest"}""", HttpStatusCode.UnprocessableEntity, "revision_policy" },
        { """{"type":"item","target":"PRT-100","revision_policy":"pinned"}""", HttpStatusCode.UnprocessableEntity, "pinned_revision" },
        { """{"type":"item","target":"PRT-100","revision_policy":"pinned","pinned_revision":0}""", HttpStatusCode.UnprocessableEntity, "pinned_revision" },
        { """{"type":"item","target":"PRT-100","revision_policy":"latest","pinned_revision":2}""", HttpStatusCode.UnprocessableEntity, "pinned_revision" },
        { """{"type":"item","target":"PRT-100","pinned_revision":2}""", HttpStatusCode.UnprocessableEntity, "pinned_revision" },
        { """{"type":"item","target":"../PRT-100"}""", HttpStatusCode.UnprocessableEntity, "target" },
        { """{"type":"item","target":"PRT 100"}""", HttpStatusCode.UnprocessableEntity, "target" },
        { """{"type":"category","target":"a/b"}""", HttpStatusCode.UnprocessableEntity, "target" },
        { """{"type":"project","target":"CON"}""", HttpStatusCode.UnprocessableEntity, "target" },
        { """{"type":"project","target":""}""", HttpStatusCode.UnprocessableEntity, "target" },
        { """{"type":"item"}""", HttpStatusCode.UnprocessableEntity, "target" },
        { """{"type":"item","target":"PRT-999"}""", HttpStatusCode.UnprocessableEntity, "target" },
        { """{"type":"item","target":"PRT-100","paused":true}""", HttpStatusCode.BadRequest, "" },
        { """{"type":"item","target":"PRT-100","pinned_revision":"2"}""", HttpStatusCode.BadRequest, "" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Create_BadRequest_IsRefusedAndStoresNothing(string body, HttpStatusCode status, string field)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var problem = await HttpAssert.ProblemAsync(await Alice.PostAsync(Subscriptions, content), status);

        if (field.Length > 0) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}: {problem}");
        Assert.Empty((await ListAsync()).EnumerateArray());
        Assert.Equal(0, await SubscriptionEventsAsync());
    }

    [Fact]
    public async Task Create_OnAnotherUsersWorkstation_Returns403AndStoresNothing()
    {
        var problem = await HttpAssert.ProblemAsync(
            await Bob.PostJsonAsync(Subscriptions, new { type = "category", target = "Brackets" }), HttpStatusCode.Forbidden);

        Assert.Contains(Ws, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(await Bob.GetAsync(Subscriptions), HttpStatusCode.Forbidden);
        Assert.Empty((await ListAsync()).EnumerateArray());
    }

    [Fact]
    public async Task Create_OnUnknownWorkstation_Returns404()
    {
        await HttpAssert.ProblemAsync(
            await Alice.PostJsonAsync("/api/workstations/nope/subscriptions", new { type = "category", target = "Brackets" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_SameTargetTwice_Returns409NamingTheExistingOne()
    {
        var first = await SubscribeAsync(Alice, Ws, "item", "PRT-100");

        var problem = await HttpAssert.ProblemAsync(
            await Alice.PostJsonAsync(Subscriptions, new { type = "item", target = "prt-100", revision_policy = "latest" }), HttpStatusCode.Conflict);

        Assert.Equal(first.GetProperty("id").GetString(), problem.GetProperty("subscription_id").GetString());
        Assert.Single((await ListAsync()).EnumerateArray());
        // The same name as another type is another subscription.
        await SubscribeAsync(Alice, Ws, "project", "PRT-100");
    }

    [Fact]
    public async Task Update_PolicyAndPause_AppliesTheRules()
    {
        var id = (await SubscribeAsync(Alice, Ws, "category", "Brackets")).GetProperty("id").GetString();
        var path = $"/api/subscriptions/{id}";

        var pinned = await HttpAssert.JsonAsync(await PatchAsync(Alice, path, new { revision_policy = "pinned", pinned_revision = 4 }), HttpStatusCode.OK);
        Assert.Equal("pinned", pinned.GetProperty("revision_policy").GetString());
        Assert.Equal(4, pinned.GetProperty("pinned_revision").GetInt32());

        // Pinned keeps its revision when only another field changes, and takes a new one when given.
        var paused = await HttpAssert.JsonAsync(await PatchAsync(Alice, path, new { paused = true }), HttpStatusCode.OK);
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal(4, paused.GetProperty("pinned_revision").GetInt32());
        var repinned = await HttpAssert.JsonAsync(await PatchAsync(Alice, path, new { pinned_revision = 5 }), HttpStatusCode.OK);
        Assert.Equal(5, repinned.GetProperty("pinned_revision").GetInt32());

        var latest = await HttpAssert.JsonAsync(await PatchAsync(Alice, path, new { revision_policy = "latest", paused = false }), HttpStatusCode.OK);
        Assert.Equal("latest", latest.GetProperty("revision_policy").GetString());
        Assert.Equal(JsonValueKind.Null, latest.GetProperty("pinned_revision").ValueKind);
        Assert.False(latest.GetProperty("paused").GetBoolean());
    }

    public static TheoryData<string, HttpStatusCode> BadUpdates => new()
    {
        { "{}", HttpStatusCode.UnprocessableEntity },
        { """{"revision_policy":"pinned"}""", HttpStatusCode.UnprocessableEntity },
        { """{"pinned_revision":3}""", HttpStatusCode.UnprocessableEntity },
        { """{"revision_policy":"latest","pinned_revision":3}""", HttpStatusCode.UnprocessableEntity },
        { """{"revision_policy":"pinned","pinned_revision":-1}""", HttpStatusCode.UnprocessableEntity },
        { """{"revision_policy":"sometimes"}""", HttpStatusCode.UnprocessableEntity },
        { """{"paused":"yes"}""", HttpStatusCode.BadRequest },
        { """{"target":"Other"}""", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadUpdates))]
    public async Task Update_BadRequest_IsRefusedAndChangesNothing(string body, HttpStatusCode status)
    {
        var before = await SubscribeAsync(Alice, Ws, "category", "Brackets", "latest");
        var eventsBefore = await SubscriptionEventsAsync();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await HttpAssert.ProblemAsync(await Alice.PatchAsync($"/api/subscriptions/{before.GetProperty("id").GetString()}", content), status);

        var after = Assert.Single((await ListAsync()).EnumerateArray());
        Assert.Equal(before.ToString(), after.ToString());
        Assert.Equal(eventsBefore, await SubscriptionEventsAsync());
    }

    [Fact]
    public async Task UpdateAndDelete_ByAnotherUserOrUnknown_Return403Or404()
    {
        var id = (await SubscribeAsync(Alice, Ws, "category", "Brackets")).GetProperty("id").GetString();

        await HttpAssert.ProblemAsync(await PatchAsync(Bob, $"/api/subscriptions/{id}", new { paused = true }), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Bob.DeleteAsync($"/api/subscriptions/{id}"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await Bob.GetAsync($"/api/subscriptions/{id}/resolve"), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await PatchAsync(Alice, "/api/subscriptions/nope", new { paused = true }), HttpStatusCode.NotFound);
        await HttpAssert.ProblemAsync(await Alice.DeleteAsync("/api/subscriptions/nope"), HttpStatusCode.NotFound);

        Assert.False(Assert.Single((await ListAsync()).EnumerateArray()).GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task Delete_Own_Returns204AndForgetsIt()
    {
        var id = (await SubscribeAsync(Alice, Ws, "category", "Brackets")).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await Alice.DeleteAsync($"/api/subscriptions/{id}")).StatusCode);

        Assert.Empty((await ListAsync()).EnumerateArray());
        await HttpAssert.ProblemAsync(await Alice.DeleteAsync($"/api/subscriptions/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Changes_SendSubscriptionUpdate_OnlyToThatWorkstationsStream()
    {
        var otherWs = await RegisterWorkstationAsync(Alice, "alice-laptop");
        await using var mine = await StreamAsync(Alice, Ws);
        await using var other = await StreamAsync(Alice, otherWs);

        var id = (await SubscribeAsync(Alice, Ws, "category", "Brackets")).GetProperty("id").GetString();
        await PatchAsync(Alice, $"/api/subscriptions/{id}", new { paused = true });
        await Alice.DeleteAsync($"/api/subscriptions/{id}");
        await Server.CreateItemAsync("MARK-1");

        var received = await ReadUntilAsync(mine, m => IsItemCreated(m, "MARK-1"));
        var updates = received.Where(m => m.Type == "subscription.update").Select(m => m.Json.GetProperty("data")).ToList();
        Assert.Equal(["created", "updated", "deleted"], updates.Select(d => d.GetProperty("action").GetString()));
        Assert.All(updates, d => Assert.Equal(id, d.GetProperty("subscription").GetProperty("id").GetString()));
        Assert.True(updates[1].GetProperty("subscription").GetProperty("paused").GetBoolean());

        var elsewhere = await ReadUntilAsync(other, m => IsItemCreated(m, "MARK-1"));
        Assert.DoesNotContain(elsewhere, m => m.Type!.StartsWith("subscription.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolve_MostSpecificUnpausedSubscriptionGoverns()
    {
        var (rev1, hash1) = await CreateRevisionAsync(Bob, "PRT-100", "100 v1");
        await ReleaseAsync(Bob, "PRT-100", rev1);
        var (_, hash2) = await CreateRevisionAsync(Bob, "PRT-100", "100 v2");
        var (rev101, hash101) = await CreateRevisionAsync(Bob, "PRT-101", "101 v1");
        await ReleaseAsync(Bob, "PRT-101", rev101);
        var category = (await SubscribeAsync(Alice, Ws, "category", "Brackets")).GetProperty("id").GetString();
        var item = (await SubscribeAsync(Alice, Ws, "item", "PRT-100", "latest")).GetProperty("id").GetString();

        var all = await HttpAssert.JsonAsync(await Alice.GetAsync($"/api/workstations/{Ws}/subscriptions/resolve"), HttpStatusCode.OK);
        var entries = all.EnumerateArray().ToList();
        Assert.Equal(["PRT-100", "PRT-101"], entries.Select(e => e.GetProperty("part_number").GetString()));
        Assert.Equal(item, entries[0].GetProperty("subscription_id").GetString());
        Assert.Equal(2, entries[0].GetProperty("target_revision").GetInt32());
        Assert.Equal(hash2, entries[0].GetProperty("file_hash").GetString());
        Assert.False(entries[0].GetProperty("is_checkpoint").GetBoolean());
        Assert.StartsWith($"/api/blobs/{hash2}?", entries[0].GetProperty("download_url").GetString(), StringComparison.Ordinal);
        Assert.Equal(category, entries[1].GetProperty("subscription_id").GetString());
        Assert.Equal(hash101, entries[1].GetProperty("file_hash").GetString());

        var one = await HttpAssert.JsonAsync(await Alice.GetAsync($"/api/subscriptions/{category}/resolve"), HttpStatusCode.OK);
        Assert.Equal(["PRT-101"], one.EnumerateArray().Select(e => e.GetProperty("part_number").GetString()));

        // Pausing the item subscription hands PRT-100 back to the category one (latest released: revision 1).
        await PatchAsync(Alice, $"/api/subscriptions/{item}", new { paused = true });
        var resumed = await HttpAssert.JsonAsync(await Alice.GetAsync($"/api/subscriptions/{category}/resolve"), HttpStatusCode.OK);
        var prt100 = resumed.EnumerateArray().First();
        Assert.Equal("PRT-100", prt100.GetProperty("part_number").GetString());
        Assert.Equal(hash1, prt100.GetProperty("file_hash").GetString());
        Assert.Empty((await HttpAssert.JsonAsync(await Alice.GetAsync($"/api/subscriptions/{item}/resolve"), HttpStatusCode.OK)).EnumerateArray());
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string path, object body) =>
        client.PatchAsync(path, System.Net.Http.Json.JsonContent.Create(body, options: Silo.Server.Json.SiloJson.Options));
}
