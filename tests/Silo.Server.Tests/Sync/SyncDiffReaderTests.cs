using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Sync;
using Silo.Server.Tests.Subscriptions;
using Silo.Testing;
using static Silo.Server.Tests.Subscriptions.SubscriptionTestKit;

namespace Silo.Server.Tests.Sync;

/// <summary>The diff reads only the workstation's pending items: these cover the ways an item must become pending.</summary>
public sealed class SyncDiffReaderTests : AliceDeskTests
{
    protected override async Task SeedAsync(SiloTestServer server)
    {
        await server.CreateItemAsync("PRT-100", category: "Brackets", project: "Rover");
    }

    private Task<JsonElement> DiffAsync() => Subscriptions.SubscriptionTestKit.DiffAsync(Alice, Ws);

    private async Task AckRevisionAsync(string partNumber, int revision, string hash) =>
        Assert.Equal(HttpStatusCode.NoContent, (await Alice.PostJsonAsync($"/api/workstations/{Ws}/sync-ack",
            new { part_number = partNumber, revision, file_hash = hash, is_checkpoint = false })).StatusCode);

    /// <summary>Reads the diff once and waits until the entries it found in step are dropped.</summary>
    private async Task SettleAsync()
    {
        await DiffAsync();
        await Server.Services.GetRequiredService<SyncPendingCompactor>().DrainedAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    private Task<long> PendingAsync() =>
        TestDatabase.ScalarAsync<long>(Server.DataDir, "SELECT COUNT(*) FROM sync_pending WHERE workstation_id = $ws", ("$ws", Ws));

    [Fact]
    public async Task Diff_ItemsFoundInStep_AreDroppedFromThePendingSet()
    {
        var (rev, hash) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await SubscribeAsync(Alice, Ws, "item", "PRT-100", "latest");
        Assert.Equal(1, await PendingAsync());

        await AckRevisionAsync("PRT-100", rev, hash);
        await SettleAsync();

        Assert.Equal(0, await PendingAsync());
        Assert.Empty(Entries(await DiffAsync()));
    }

    [Fact]
    public async Task Diff_NewRevisionOfAnItemInStep_IsAnUpdate()
    {
        var (rev, hash) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await SubscribeAsync(Alice, Ws, "category", "Brackets", "latest");
        await AckRevisionAsync("PRT-100", rev, hash);
        await SettleAsync();

        await CreateRevisionAsync(Bob, "PRT-100", "v2");

        Assert.Equal([("PRT-100", "update")], Entries(await DiffAsync()));
    }

    [Fact]
    public async Task Diff_ItemMovedToAnotherCategory_OldFollowerRemovesNewFollowerDownloads()
    {
        var (rev, hash) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await SubscribeAsync(Alice, Ws, "category", "Brackets", "latest");
        await AckRevisionAsync("PRT-100", rev, hash);
        var other = await RegisterWorkstationAsync(Bob, "bob-desk");
        await SubscribeAsync(Bob, other, "category", "Mounts", "latest");
        await SettleAsync();
        Assert.Empty(Entries(await Subscriptions.SubscriptionTestKit.DiffAsync(Bob, other)));

        await HttpAssert.JsonAsync(await Bob.PutAsync("/api/items/PRT-100",
            System.Net.Http.Json.JsonContent.Create(new { category = "Mounts" })), HttpStatusCode.OK);

        Assert.Equal([("PRT-100", "remove")], Entries(await DiffAsync()));
        Assert.Equal([("PRT-100", "download")], Entries(await Subscriptions.SubscriptionTestKit.DiffAsync(Bob, other)));
    }

    [Fact]
    public async Task Diff_ItemCreatedInAFollowedProject_IsADownloadOnceItHasARevision()
    {
        await SubscribeAsync(Alice, Ws, "project", "Rover", "latest");
        await SettleAsync();

        await Server.CreateItemAsync("PRT-200", category: "Wheels", project: "Rover");
        Assert.Empty(Entries(await DiffAsync()));
        await CreateRevisionAsync(Bob, "PRT-200", "v1");

        Assert.Equal([("PRT-200", "download")], Entries(await DiffAsync()));
    }

    [Fact]
    public async Task Diff_WorkstationDeleted_TakesItsPendingItemsAlong()
    {
        await SubscribeAsync(Alice, Ws, "item", "PRT-100", "latest");
        Assert.Equal(1, await PendingAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await Alice.DeleteAsync($"/api/workstations/{Ws}")).StatusCode);

        Assert.Equal(0, await PendingAsync());
    }
}
