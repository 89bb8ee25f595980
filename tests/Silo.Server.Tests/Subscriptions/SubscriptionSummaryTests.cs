using System.Net;
using System.Text.Json;
using Silo.Testing;
using static Silo.Server.Tests.Subscriptions.SubscriptionTestKit;

namespace Silo.Server.Tests.Subscriptions;

/// <summary>GET …/subscriptions/summary: what the subscriptions cover, and why items with nothing to download have nothing.</summary>
public sealed class SubscriptionSummaryTests : AliceDeskTests
{
    private async Task<JsonElement> SummaryAsync() =>
        await HttpAssert.JsonAsync(await Alice.GetAsync($"/api/workstations/{Ws}/subscriptions/summary"), HttpStatusCode.OK);

    private static Dictionary<string, JsonElement> Waiting(JsonElement summary) =>
        summary.GetProperty("waiting").EnumerateArray().ToDictionary(w => w.GetProperty("part_number").GetString()!);

    [Fact]
    public async Task Summary_NoSubscriptions_AllZero()
    {
        var summary = await SummaryAsync();

        Assert.Equal(0, summary.GetProperty("subscriptions").GetInt32());
        Assert.Equal(0, summary.GetProperty("covered_items").GetInt32());
        Assert.Empty(summary.GetProperty("waiting").EnumerateArray());
    }

    [Fact]
    public async Task Summary_MixedItems_GivesEachWaitingItemItsReason()
    {
        await Server.CreateItemAsync("PRT-1", category: "Brackets");
        await Server.CreateItemAsync("PRT-2", category: "Brackets");
        await Server.CreateItemAsync("PRT-3", category: "Brackets");
        await Server.CreateItemAsync("PRT-4", category: "Plates");
        await ReleaseAsync(Alice, "PRT-1", (await CreateRevisionAsync(Alice, "PRT-1", "one")).Revision);
        await CreateRevisionAsync(Alice, "PRT-2", "draft a");
        await CreateRevisionAsync(Alice, "PRT-2", "draft b");
        await ReleaseAsync(Alice, "PRT-4", (await CreateRevisionAsync(Alice, "PRT-4", "plate")).Revision);
        await SubscribeAsync(Alice, Ws, "category", "Brackets");
        var pinned = await SubscribeAsync(Alice, Ws, "item", "PRT-4", "pinned", pinnedRevision: 5);

        var summary = await SummaryAsync();

        Assert.Equal(2, summary.GetProperty("subscriptions").GetInt32());
        Assert.Equal(0, summary.GetProperty("paused").GetInt32());
        Assert.Equal(4, summary.GetProperty("covered_items").GetInt32());
        Assert.Equal(1, summary.GetProperty("items_with_target").GetInt32());
        var waiting = Waiting(summary);
        Assert.Equal(["PRT-2", "PRT-3", "PRT-4"], waiting.Keys.Order());
        Assert.Equal("not_released", waiting["PRT-2"].GetProperty("reason").GetString());
        Assert.Equal(2, waiting["PRT-2"].GetProperty("latest_revision").GetInt32());
        Assert.Equal("no_revision", waiting["PRT-3"].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, waiting["PRT-3"].GetProperty("latest_revision").ValueKind);
        Assert.Equal("pinned_revision_missing", waiting["PRT-4"].GetProperty("reason").GetString());
        Assert.Equal(5, waiting["PRT-4"].GetProperty("pinned_revision").GetInt32());
        Assert.Equal(pinned.GetProperty("id").GetString(), waiting["PRT-4"].GetProperty("subscription_id").GetString());
    }

    [Fact]
    public async Task Summary_LatestPolicyWithOnlyACheckpoint_HasATarget()
    {
        await Server.CreateItemAsync("PRT-1");
        await InsertCheckpointAsync(Server, "PRT-1", "admin");
        await SubscribeAsync(Alice, Ws, "item", "PRT-1", "latest");

        var summary = await SummaryAsync();

        Assert.Equal(1, summary.GetProperty("items_with_target").GetInt32());
        Assert.Empty(summary.GetProperty("waiting").EnumerateArray());
    }

    [Fact]
    public async Task Summary_Paused_CoveredButNothingGoverns()
    {
        await Server.CreateItemAsync("PRT-1");
        var subscription = await SubscribeAsync(Alice, Ws, "item", "PRT-1");
        (await Alice.PatchAsync($"/api/subscriptions/{subscription.GetProperty("id").GetString()}",
            System.Net.Http.Json.JsonContent.Create(new { paused = true }))).EnsureSuccessStatusCode();

        var summary = await SummaryAsync();

        Assert.Equal(1, summary.GetProperty("paused").GetInt32());
        Assert.Equal(1, summary.GetProperty("covered_items").GetInt32());
        Assert.Equal(0, summary.GetProperty("items_with_target").GetInt32());
        Assert.Empty(summary.GetProperty("waiting").EnumerateArray());
    }

    [Fact]
    public async Task Summary_AnotherUsersWorkstation_Forbidden()
    {
        var response = await Bob.GetAsync($"/api/workstations/{Ws}/subscriptions/summary");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
    }
}
