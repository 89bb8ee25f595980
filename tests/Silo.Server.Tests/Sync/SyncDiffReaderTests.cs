using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Sync;
using Silo.Testing;
using static Silo.Server.Tests.Subscriptions.SubscriptionTestKit;

namespace Silo.Server.Tests.Sync;

/// <summary>The diff reads only the workstation's pending items: these cover the ways an item must become pending.</summary>
public sealed class SyncDiffReaderTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private string _ws = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-100", category: "Brackets", project: "Rover");
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
        _bob = _server.Client(await _server.CreateUserAsync("bob", "editor"));
        _ws = await RegisterWorkstationAsync(_alice, "alice-desk");
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _server.DisposeAsync();
    }

    private Task<JsonElement> DiffAsync() => Subscriptions.SubscriptionTestKit.DiffAsync(_alice, _ws);

    private async Task AckRevisionAsync(string partNumber, int revision, string hash) =>
        Assert.Equal(HttpStatusCode.NoContent, (await _alice.PostJsonAsync($"/api/workstations/{_ws}/sync-ack",
            new { part_number = partNumber, revision, file_hash = hash, is_checkpoint = false })).StatusCode);

    /// <summary>Reads the diff once and waits until the entries it found in step are dropped.</summary>
    private async Task SettleAsync()
    {
        await DiffAsync();
        await _server.Services.GetRequiredService<SyncPendingCompactor>().DrainedAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    private Task<long> PendingAsync() =>
        TestDatabase.ScalarAsync<long>(_server.DataDir, "SELECT COUNT(*) FROM sync_pending WHERE workstation_id = $ws", ("$ws", _ws));

    [Fact]
    public async Task Diff_ItemsFoundInStep_AreDroppedFromThePendingSet()
    {
        var (rev, hash) = await CreateRevisionAsync(_bob, "PRT-100", "v1");
        await SubscribeAsync(_alice, _ws, "item", "PRT-100", "latest");
        Assert.Equal(1, await PendingAsync());

        await AckRevisionAsync("PRT-100", rev, hash);
        await SettleAsync();

        Assert.Equal(0, await PendingAsync());
        Assert.Empty(Entries(await DiffAsync()));
    }

    [Fact]
    public async Task Diff_NewRevisionOfAnItemInStep_IsAnUpdate()
    {
        var (rev, hash) = await CreateRevisionAsync(_bob, "PRT-100", "v1");
        await SubscribeAsync(_alice, _ws, "category", "Brackets", "latest");
        await AckRevisionAsync("PRT-100", rev, hash);
        await SettleAsync();

        await CreateRevisionAsync(_bob, "PRT-100", "v2");

        Assert.Equal([("PRT-100", "update")], Entries(await DiffAsync()));
    }

    [Fact]
    public async Task Diff_ItemMovedToAnotherCategory_OldFollowerRemovesNewFollowerDownloads()
    {
        var (rev, hash) = await CreateRevisionAsync(_bob, "PRT-100", "v1");
        await SubscribeAsync(_alice, _ws, "category", "Brackets", "latest");
        await AckRevisionAsync("PRT-100", rev, hash);
        var other = await RegisterWorkstationAsync(_bob, "bob-desk");
        await SubscribeAsync(_bob, other, "category", "Mounts", "latest");
        await SettleAsync();
        Assert.Empty(Entries(await Subscriptions.SubscriptionTestKit.DiffAsync(_bob, other)));

        await HttpAssert.JsonAsync(await _bob.PutAsync("/api/items/PRT-100",
            System.Net.Http.Json.JsonContent.Create(new { category = "Mounts" })), HttpStatusCode.OK);

        Assert.Equal([("PRT-100", "remove")], Entries(await DiffAsync()));
        Assert.Equal([("PRT-100", "download")], Entries(await Subscriptions.SubscriptionTestKit.DiffAsync(_bob, other)));
    }

    [Fact]
    public async Task Diff_ItemCreatedInAFollowedProject_IsADownloadOnceItHasARevision()
    {
        await SubscribeAsync(_alice, _ws, "project", "Rover", "latest");
        await SettleAsync();

        await _server.CreateItemAsync("PRT-200", category: "Wheels", project: "Rover");
        Assert.Empty(Entries(await DiffAsync()));
        await CreateRevisionAsync(_bob, "PRT-200", "v1");

        Assert.Equal([("PRT-200", "download")], Entries(await DiffAsync()));
    }

    [Fact]
    public async Task Diff_WorkstationDeleted_TakesItsPendingItemsAlong()
    {
        await SubscribeAsync(_alice, _ws, "item", "PRT-100", "latest");
        Assert.Equal(1, await PendingAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await _alice.DeleteAsync($"/api/workstations/{_ws}")).StatusCode);

        Assert.Equal(0, await PendingAsync());
    }
}
