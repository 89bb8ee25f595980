using System.Net;
using System.Text.Json;
using Silo.Server.Tests.Subscriptions;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;
using static Silo.Server.Tests.Subscriptions.SubscriptionTestKit;

namespace Silo.Server.Tests.Sync;

/// <summary>Diff entries place target and held file in the item's lineage; "latest" never offers a step back.</summary>
public sealed class SyncDiffVersionTests : AliceDeskTests
{
    protected override async Task SeedAsync(SiloTestServer server)
    {
        await server.CreateItemAsync("PRT-100");
    }

    private async Task AckCheckpointAsync(JsonElement pushed, byte[] bytes) =>
        Assert.Equal(HttpStatusCode.NoContent, (await Alice.PostJsonAsync($"/api/workstations/{Ws}/sync-ack",
            new { part_number = "PRT-100", checkpoint_id = pushed.GetProperty("checkpoint_id").GetString(), file_hash = Sha256(bytes), is_checkpoint = true })).StatusCode);

    private static List<JsonElement> Wanted(JsonElement diff) =>
        [.. diff.GetProperty("downloads").EnumerateArray(), .. diff.GetProperty("updates").EnumerateArray()];

    [Fact]
    public async Task Diff_Latest_HoldingOwnNewerCheckpoint_OffersNothingUntilSomeoneBuildsOnIt()
    {
        await SubscribeAsync(Alice, Ws, "item", "PRT-100", "latest");
        var bobs = RandomBytes(100);
        var first = await PushAsync(Server, Bob, "PRT-100", bobs, "body_close");
        var offered = Assert.Single(Wanted(await DiffAsync(Alice, Ws)));
        Assert.Equal(1, offered.GetProperty("target_version").GetInt64());
        Assert.Equal(JsonValueKind.Null, offered.GetProperty("current_version").ValueKind);
        await AckCheckpointAsync(first, bobs);

        // alice's own push on bob's: her workstation holds version 2, bob's version 1 is not offered back.
        var alices = RandomBytes(101);
        var own = await PushAsync(Server, Alice, "PRT-100", alices, "body_close");
        await AckCheckpointAsync(own, alices);
        Assert.Empty(Wanted(await DiffAsync(Alice, Ws)));

        await PushAsync(Server, Bob, "PRT-100", RandomBytes(102), "body_close");
        var update = Assert.Single((await DiffAsync(Alice, Ws)).GetProperty("updates").EnumerateArray());
        Assert.Equal(3, update.GetProperty("target_version").GetInt64());
        Assert.Equal(2, update.GetProperty("current_version").GetInt64());
    }

    [Fact]
    public async Task Diff_LatestReleased_HoldingANewerVersion_OffersTheOlderRevisionWithBothVersions()
    {
        var (revision, hash) = await CreateRevisionAsync(Bob, "PRT-100", "v1");
        await ReleaseAsync(Bob, "PRT-100", revision);
        var newer = RandomBytes(200);
        var pushed = await PushAsync(Server, Bob, "PRT-100", newer, "body_close");
        await AckCheckpointAsync(pushed, newer);

        await SubscribeAsync(Alice, Ws, "item", "PRT-100", "latest_released");

        var update = Assert.Single((await DiffAsync(Alice, Ws)).GetProperty("updates").EnumerateArray());
        Assert.Equal(hash, update.GetProperty("file_hash").GetString());
        Assert.Equal(1, update.GetProperty("target_version").GetInt64());
        Assert.Equal(2, update.GetProperty("current_version").GetInt64());
    }
}
