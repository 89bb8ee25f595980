using Silo.Protocol.Checkpoints;
using Silo.Client.Errors;
using Silo.Protocol.Subscriptions;
using Silo.Client.Sync;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Sync;

public sealed class SyncClientTests : ClientTestBase
{
    private string _ws = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
    }

    [Fact]
    public async Task GetSyncDiffAsync_NothingHeld_ReturnsDownloadsInPartNumberOrder()
    {
        foreach (var pn in new[] { "PRT-2", "PRT-1" })
        {
            await Server.CreateItemAsync(pn);
            await ServerKit.AddRevisionAsync(Server, pn, "content " + pn, release: true);
        }
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Project, "Rover");

        var diff = await Alice.GetSyncDiffAsync(_ws);

        Assert.Equal(["PRT-1", "PRT-2"], diff.Downloads.Select(d => d.PartNumber));
        Assert.All(diff.Downloads, d => Assert.Equal(SyncActions.Download, d.Action));
        Assert.All(diff.Downloads, d => Assert.Equal(1, d.TargetRevision));
        Assert.All(diff.Downloads, d => Assert.False(string.IsNullOrEmpty(d.DownloadUrl)));
        Assert.Empty(diff.Updates);
        Assert.Empty(diff.Removals);
        Assert.Null(diff.NextCursor);
    }

    [Fact]
    public async Task GetSyncDiffAsync_MoreEntriesThanAPage_FollowsNextCursorToTheEnd()
    {
        var parts = Enumerable.Range(1, 7).Select(i => $"PRT-{i}").ToList();
        foreach (var pn in parts)
        {
            await Server.CreateItemAsync(pn);
            await ServerKit.AddRevisionAsync(Server, pn, "content " + pn, release: true);
        }
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Project, "Rover");
        var firstPage = await Alice.GetSyncDiffPageAsync(_ws, limit: 3);

        var diff = await Alice.GetSyncDiffAsync(_ws, pageSize: 3);

        Assert.Equal(3, firstPage.Downloads.Count);
        Assert.NotNull(firstPage.NextCursor);
        Assert.Equal(parts, diff.Downloads.Select(d => d.PartNumber));
        Assert.Null(diff.NextCursor);
    }

    [Fact]
    public async Task GetSyncDiffPageAsync_MalformedCursor_ThrowsApiExceptionWith400()
    {
        var e = await Assert.ThrowsAsync<SiloApiException>(() => Alice.GetSyncDiffPageAsync(_ws, cursor: "not-a-cursor"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, e.StatusCode);
    }

    [Fact]
    public async Task ReportSyncStateAsync_HeldFileChangedLocally_DiffOffersUpdate()
    {
        await Server.CreateItemAsync("PRT-1");
        var (revision, _) = await ServerKit.AddRevisionAsync(Server, "PRT-1", "rev one", release: true);
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1");

        await Alice.ReportSyncStateAsync(_ws, [SyncStateItem.ForRevision("PRT-1", revision, ServerKit.Sha256(ServerKit.Bytes("edited locally")))]);

        var diff = await Alice.GetSyncDiffAsync(_ws);
        var update = Assert.Single(diff.Updates);
        Assert.Equal(SyncActions.Update, update.Action);
        Assert.Equal(revision, update.CurrentRevision);
        Assert.Empty(diff.Downloads);
    }

    [Fact]
    public async Task ReportSyncStateAsync_HeldButNotCovered_DiffOffersRemoval()
    {
        await Server.CreateItemAsync("PRT-1");
        var (revision, hash) = await ServerKit.AddRevisionAsync(Server, "PRT-1", "rev one", release: true);

        await Alice.ReportSyncStateAsync(_ws, [SyncStateItem.ForRevision("PRT-1", revision, hash)]);

        var removal = Assert.Single((await Alice.GetSyncDiffAsync(_ws)).Removals);
        Assert.Equal("PRT-1", removal.PartNumber);
        Assert.Null(removal.SubscriptionId);
    }

    [Fact]
    public async Task ReportSyncStateAsync_UnknownPartNumber_ThrowsValidationKeyedByEntry()
    {
        var e = await Assert.ThrowsAsync<ValidationException>(
            () => Alice.ReportSyncStateAsync(_ws, [SyncStateItem.ForRevision("NO-SUCH", 1, new string('a', 64))]));

        Assert.Contains("items[0].part_number", e.Errors.Keys);
    }

    [Fact]
    public async Task GetSyncDiffAsync_LatestPolicyWithOthersCheckpoint_CarriesCheckpointFields()
    {
        await Server.CreateItemAsync("PRT-1");
        await ServerKit.AddRevisionAsync(Server, "PRT-1", "rev one", release: true);
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1", RevisionPolicies.Latest);
        Server.Clock.Advance(TimeSpan.FromSeconds(5));
        var (checkpointId, hash) = await ServerKit.PushCheckpointAsync(Server, BobToken, "PRT-1", "bob's body", CheckpointContexts.BodyClose);

        var download = Assert.Single((await Alice.GetSyncDiffAsync(_ws)).Downloads);

        Assert.True(download.IsCheckpoint);
        Assert.Equal(checkpointId, download.CheckpointId);
        Assert.Equal(CheckpointContexts.BodyClose, download.CheckpointContext);
        Assert.Equal("bob", download.CheckpointUser);
        Assert.Equal(hash, download.FileHash);
        Assert.Null(download.TargetRevision);
    }

    [Fact]
    public async Task AckSyncAsync_Checkpoint_ClearsDiffAndSetsLastSync()
    {
        await Server.CreateItemAsync("PRT-1");
        var sub = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1", RevisionPolicies.Latest);
        var (checkpointId, hash) = await ServerKit.PushCheckpointAsync(Server, BobToken, "PRT-1", "bob's body", CheckpointContexts.Manual);
        var download = Assert.Single((await Alice.GetSyncDiffAsync(_ws)).Downloads);
        var now = Server.Clock.GetUtcNow();

        await Alice.AckSyncAsync(_ws, SyncAck.ForCheckpoint(download.ItemId, checkpointId, hash));

        var diff = await Alice.GetSyncDiffAsync(_ws);
        Assert.Empty(diff.Downloads.Concat(diff.Updates).Concat(diff.Removals));
        Assert.Equal(now, Assert.Single(await Alice.ListSubscriptionsAsync(_ws), s => s.Id == sub.Id).LastSyncAt);
    }

    [Fact]
    public async Task AckSyncAsync_Revision_ClearsDiff()
    {
        await Server.CreateItemAsync("PRT-1");
        var (revision, hash) = await ServerKit.AddRevisionAsync(Server, "PRT-1", "rev one", release: true);
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1");
        var download = Assert.Single((await Alice.GetSyncDiffAsync(_ws)).Downloads);

        await Alice.AckSyncAsync(_ws, SyncAck.ForRevision(download.ItemId, revision, hash));

        Assert.Empty((await Alice.GetSyncDiffAsync(_ws)).Downloads);
    }

    [Fact]
    public async Task AckSyncAsync_WrongHash_ThrowsValidationAndStoresNothing()
    {
        await Server.CreateItemAsync("PRT-1");
        var (revision, _) = await ServerKit.AddRevisionAsync(Server, "PRT-1", "rev one", release: true);
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1");
        var download = Assert.Single((await Alice.GetSyncDiffAsync(_ws)).Downloads);

        await Assert.ThrowsAsync<ValidationException>(
            () => Alice.AckSyncAsync(_ws, SyncAck.ForRevision(download.ItemId, revision, new string('0', 64))));

        Assert.Single((await Alice.GetSyncDiffAsync(_ws)).Downloads);
    }

    [Fact]
    public async Task GetSyncDiffAsync_AnotherUsersWorkstation_ThrowsAuth()
    {
        await Assert.ThrowsAsync<AuthException>(() => Bob.GetSyncDiffAsync(_ws));
    }
}
