using System.Net;
using Silo.Protocol.Checkpoints;
using Silo.Protocol.EditSessions;
using Silo.Client.Errors;
using Silo.Protocol.Subscriptions;
using Silo.Client.Tests.Support;
using Silo.Testing;

namespace Silo.Client.Tests.Checkpoints;

public sealed class CheckpointsClientTests : ClientTestBase
{
    private const string Part = "PRT-100";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "silo-client-test-" + Guid.NewGuid().ToString("N"));
    private string _aliceWs = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(_dir);
        await Server.CreateItemAsync(Part);
        _aliceWs = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
    }

    public override async Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        await base.DisposeAsync();
    }

    private async Task<string> FileAsync(string content, string name = "part.FCStd")
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    [Fact]
    public async Task PushCheckpointAsync_NewFile_UploadsAndCommits()
    {
        var path = await FileAsync("body state 1");

        var result = await Alice.PushCheckpointAsync(Part, path, CheckpointContexts.Manual);

        Assert.Equal(CheckpointContexts.Manual, result.Context);
        Assert.False(result.DagSynced);
        Assert.False(result.SessionReleased);
        var latest = await Alice.GetLatestCheckpointAsync(Part);
        Assert.NotNull(latest);
        Assert.Equal(result.CheckpointId, latest.Id);
        Assert.Equal(ServerKit.Sha256(ServerKit.Bytes("body state 1")), latest.FileHash);
        Assert.Equal(new FileInfo(path).Length, latest.FileSize);
        Assert.Equal("alice", latest.UserId);
        Assert.False(string.IsNullOrEmpty(latest.DownloadUrl));
    }

    [Fact]
    public async Task PushCheckpointAsync_KnownHash_UploadsInOnePassAndCommits()
    {
        var path = await FileAsync("body state known");
        var sha = ServerKit.Sha256(ServerKit.Bytes("body state known"));

        var result = await Alice.PushCheckpointAsync(Part, path, CheckpointContexts.Manual, fileSha256: sha.ToUpperInvariant());

        var latest = await Alice.GetLatestCheckpointAsync(Part);
        Assert.Equal(result.CheckpointId, latest?.Id);
        Assert.Equal(sha, latest?.FileHash);
    }

    [Fact]
    public async Task PushCheckpointAsync_KnownHashWrong_ThrowsAndStoresNothing()
    {
        var path = await FileAsync("edited after hashing");
        var stale = ServerKit.Sha256(ServerKit.Bytes("before the edit"));

        await Assert.ThrowsAnyAsync<SiloApiException>(() => Alice.PushCheckpointAsync(Part, path, CheckpointContexts.Manual, fileSha256: stale));

        Assert.Empty(await Alice.ListCheckpointsAsync(Part));
    }

    [Fact]
    public async Task PushCheckpointAsync_WithSession_ReleasesItInTheSameCommit()
    {
        var session = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", []);

        var result = await Alice.PushCheckpointAsync(Part, await FileAsync("sketch closed"), CheckpointContexts.SketchClose, session.SessionId);

        Assert.True(result.SessionReleased);
        Assert.Empty(await Alice.GetEditSessionsAsync(Part));
    }

    [Fact]
    public async Task PushCheckpointAsync_WithDag_StoresItForServerComputedCones()
    {
        var dag = new Dag(
            [new DagNode("Sketch001", "Sketcher::SketchObject", "Mount sketch"), new DagNode("Pad001", "PartDesign::Pad"), new DagNode("Fillet001", "PartDesign::Fillet")],
            [new DagEdge("Sketch001", "Pad001"), new DagEdge("Pad001", "Fillet001")]);

        var result = await Alice.PushCheckpointAsync(Part, await FileAsync("with dag"), CheckpointContexts.BodyClose, dag: dag);

        Assert.True(result.DagSynced);
        // No cones sent: the server computes both from the DAG just pushed, and they meet in Fillet001.
        var bobWs = (await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"))).Id;
        await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001");
        var bobs = await Bob.AcquireEditSessionAsync(Part, bobWs, ContextLevels.PartDesign, "Pad001");
        Assert.Equal(InterferenceLevels.Soft, bobs.Interference);
        Assert.Equal(["Fillet001", "Pad001"], Assert.Single(bobs.Conflicts).SharedNodes.Order());
    }

    [Fact]
    public async Task PushCheckpointAsync_SameKeyTwice_ReturnsFirstResultWithoutSecondCheckpoint()
    {
        var path = await FileAsync("retried");

        var first = await Alice.PushCheckpointAsync(Part, path, CheckpointContexts.Manual, idempotencyKey: "push-1");
        var second = await Alice.PushCheckpointAsync(Part, path, CheckpointContexts.Manual, idempotencyKey: "push-1");

        Assert.Equal(first, second);
        Assert.Single(await Alice.ListCheckpointsAsync(Part));
    }

    [Fact]
    public async Task PushCheckpointAsync_SameBytesTwiceWithoutKey_MakesTwoCheckpointsOfOneBlob()
    {
        var path = await FileAsync("same bytes");

        var first = await Alice.PushCheckpointAsync(Part, path, CheckpointContexts.Autosave);
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Alice.PushCheckpointAsync(Part, path, CheckpointContexts.Autosave);

        var listed = await Alice.ListCheckpointsAsync(Part);
        Assert.Equal([second.CheckpointId, first.CheckpointId], listed.Select(c => c.Id));
        Assert.Single(listed.Select(c => c.FileHash).Distinct());
    }

    [Theory]
    [InlineData(CheckpointContexts.SketchClose, 0)]
    [InlineData(CheckpointContexts.BodyClose, 1)]
    [InlineData(CheckpointContexts.AssemblyClose, 1)]
    [InlineData(CheckpointContexts.Manual, 1)]
    [InlineData(CheckpointContexts.Autosave, 0)]
    public async Task PushCheckpointAsync_EachContext_NotifiesSubscribersOnlyForNotifyContexts(string context, int expected)
    {
        var bobWs = (await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"))).Id;
        await Bob.CreateSubscriptionAsync(bobWs, SubscriptionTypes.Item, Part, RevisionPolicies.Latest);

        var result = await Alice.PushCheckpointAsync(Part, await FileAsync("ctx " + context), context);

        Assert.Equal(context, result.Context);
        Assert.Equal(expected, result.SubscribersNotified);
        Assert.Equal(expected == 1, CheckpointContexts.NotifyContexts.Contains(context));
    }

    [Fact]
    public async Task PushCheckpointAsync_SessionLapsedAndObjectTaken_ThrowsSupersededAndStoresNothing()
    {
        var alices = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.PartDesign, "Body", []);
        Server.Clock.Advance(TimeSpan.FromHours(1));
        var bobWs = (await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"))).Id;
        await Bob.AcquireEditSessionAsync(Part, bobWs, ContextLevels.PartDesign, "Body", []);
        var path = await FileAsync("too late");

        var e = await Assert.ThrowsAsync<ConflictException>(
            () => Alice.PushCheckpointAsync(Part, path, CheckpointContexts.BodyClose, alices.SessionId));

        Assert.IsNotType<HardInterferenceException>(e);
        Assert.Equal("superseded", e.Problem.Code);
        Assert.Null(await Alice.GetLatestCheckpointAsync(Part));
    }

    [Fact]
    public async Task PushCheckpointAsync_UnknownContext_ThrowsApiExceptionAndStoresNothing()
    {
        var path = await FileAsync("x");

        var e = await Assert.ThrowsAsync<SiloApiException>(() => Alice.PushCheckpointAsync(Part, path, "drawing_close"));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Empty(await Alice.ListCheckpointsAsync(Part));
    }

    [Fact]
    public async Task PushCheckpointAsync_MissingLocalFile_ThrowsFileNotFoundNotUnavailable()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(
            () => Alice.PushCheckpointAsync(Part, Path.Combine(_dir, "absent.FCStd"), CheckpointContexts.Manual));
    }

    [Fact]
    public async Task PushCheckpointAsync_ItemCheckedOutByOther_ThrowsItemLockedNamingHolder()
    {
        await ServerKit.LockAsync(Server, BobToken, Part);
        var path = await FileAsync("locked");

        var e = await Assert.ThrowsAsync<ItemLockedException>(() => Alice.PushCheckpointAsync(Part, path, CheckpointContexts.Manual));

        Assert.Equal("bob", e.Holder!.LockedBy);

        Assert.Empty(await Alice.ListCheckpointsAsync(Part));
    }

    [Fact]
    public async Task GetLatestCheckpointAsync_NoCheckpoints_ReturnsNull()
    {
        Assert.Null(await Alice.GetLatestCheckpointAsync(Part));
    }

    [Fact]
    public async Task GetLatestCheckpointAsync_UnknownItem_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Alice.GetLatestCheckpointAsync("NO-SUCH"));
    }

    [Fact]
    public async Task ListCheckpointsAsync_WithLimit_ReturnsNewestFirst()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Alice.PushCheckpointAsync(Part, await FileAsync($"state {i}"), CheckpointContexts.Autosave, lineage: await OnHeadAsync())).CheckpointId);
            Server.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var listed = await Viewer.ListCheckpointsAsync(Part, limit: 2);

        Assert.Equal([ids[2], ids[1]], listed.Select(c => c.Id));
    }

    [Fact]
    public async Task DeleteCheckpointAsync_Own_RemovesIt()
    {
        var pushed = await Alice.PushCheckpointAsync(Part, await FileAsync("to delete"), CheckpointContexts.Manual);
        var head = await Alice.PushCheckpointAsync(Part, await FileAsync("on top"), CheckpointContexts.Manual, lineage: await OnHeadAsync());

        await Alice.DeleteCheckpointAsync(Part, pushed.CheckpointId);

        Assert.Equal([head.CheckpointId], (await Alice.ListCheckpointsAsync(Part)).Select(c => c.Id));
    }

    [Fact]
    public async Task DeleteCheckpointAsync_TheHead_ThrowsConflictAndKeepsIt()
    {
        var pushed = await Alice.PushCheckpointAsync(Part, await FileAsync("the head"), CheckpointContexts.Manual);

        var e = await Assert.ThrowsAsync<ConflictException>(() => Alice.DeleteCheckpointAsync(Part, pushed.CheckpointId));

        Assert.Equal("kept", e.Problem?.Code);
        Assert.Equal(pushed.CheckpointId, (await Alice.GetLatestCheckpointAsync(Part))!.Id);
    }

    private async Task<Silo.Protocol.Lineage.PushLineage> OnHeadAsync() => new((await Alice.GetItemAsync(Part)).Head?.Ref);

    [Fact]
    public async Task DeleteCheckpointAsync_AnotherUsers_ThrowsAuthAndKeepsIt()
    {
        var pushed = await Alice.PushCheckpointAsync(Part, await FileAsync("alice's"), CheckpointContexts.Manual);

        var e = await Assert.ThrowsAsync<AuthException>(() => Bob.DeleteCheckpointAsync(Part, pushed.CheckpointId));

        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.NotNull(await Alice.GetLatestCheckpointAsync(Part));
    }
}
