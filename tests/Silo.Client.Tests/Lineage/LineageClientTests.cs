using Silo.Protocol.Checkpoints;
using Silo.Client.Errors;
using Silo.Client.Files;
using Silo.Protocol.Lineage;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Lineage;

public sealed class LineageClientTests : ClientTestBase
{
    private const string Part = "PRT-300";
    private readonly string _dir = Directory.CreateTempSubdirectory("silo-lineage-client-").FullName;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync(Part);
    }

    public override async Task DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        await base.DisposeAsync();
    }

    private async Task<string> FileAsync(string content)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".FCStd");
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    private static VersionRef BaseOf(string content) => new(ServerKit.Sha256(ServerKit.Bytes(content)));

    [Fact]
    public async Task PushCheckpointAsync_OnTheHead_ReturnsItsVersionAndTheItemShowsItAsHead()
    {
        var first = await Alice.PushCheckpointAsync(Part, await FileAsync("v1"), CheckpointContexts.BodyClose);
        var second = await Bob.PushCheckpointAsync(Part, await FileAsync("v2"), CheckpointContexts.BodyClose, lineage: new PushLineage(BaseOf("v1")));

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        var head = (await Viewer.GetItemAsync(Part)).Head!;
        Assert.Equal((2L, VersionKinds.Checkpoint, second.CheckpointId, "bob", CheckpointContexts.BodyClose),
            (head.Version, head.Kind, head.Id, head.User, head.Context));
        Assert.Equal(BaseOf("v2").FileHash, head.FileHash);
        Assert.Equal(1, head.Base?.Version);
        Assert.Equal("checkpoint body_close", head.What);
    }

    [Fact]
    public async Task PushCheckpointAsync_StaleBase_ThrowsStaleBaseExceptionNamingTheHead()
    {
        await Alice.PushCheckpointAsync(Part, await FileAsync("v1"), CheckpointContexts.BodyClose);
        var alices = await Alice.PushCheckpointAsync(Part, await FileAsync("v2"), CheckpointContexts.BodyClose, lineage: new PushLineage(BaseOf("v1")));

        var bobs = await FileAsync("bob's");

        var e = await Assert.ThrowsAsync<StaleBaseException>(() =>
            Bob.PushCheckpointAsync(Part, bobs, CheckpointContexts.BodyClose, lineage: new PushLineage(BaseOf("v1"))));

        Assert.Equal(alices.CheckpointId, e.Head?.Id);
        Assert.Equal("alice", e.Head?.User);
        Assert.Equal(2, e.Head?.Version);
        Assert.Equal(2, (await Viewer.ListCheckpointsAsync(Part)).Count);
    }

    [Fact]
    public async Task PushCheckpointAsync_Overwrite_ReplacesTheHeadWhichStaysListed()
    {
        await Alice.PushCheckpointAsync(Part, await FileAsync("v1"), CheckpointContexts.BodyClose);
        var alices = await Alice.PushCheckpointAsync(Part, await FileAsync("v2"), CheckpointContexts.BodyClose, lineage: new PushLineage(BaseOf("v1")));

        var bobs = await Bob.PushCheckpointAsync(Part, await FileAsync("bob's"), CheckpointContexts.BodyClose, lineage: new PushLineage(BaseOf("v1"), Overwrite: true));

        var versions = await Viewer.ListVersionsAsync(Part);
        Assert.Equal([3L, 2L, 1L], versions.Select(v => v.Version));
        Assert.Equal(bobs.CheckpointId, versions[0].Id);
        Assert.Equal(alices.CheckpointId, versions[0].Replaced?.Id);
        Assert.True(versions[1].Available);
        var kept = Path.Combine(_dir, "kept.FCStd");
        Assert.Equal(BaseOf("v2").FileHash, await Viewer.DownloadVersionAsync(Part, versions[1], kept));
        Assert.Equal("v2", await File.ReadAllTextAsync(kept));
    }

    [Fact]
    public async Task CreateRevisionAsync_StaleBase_ThrowsAndOverwriteMakesTheRevision()
    {
        var r1 = await Alice.UploadFileAsync(Part, await FileAsync("r1"));
        await Alice.CreateRevisionAsync(Part, r1.Sha256, "first");
        await Bob.PushCheckpointAsync(Part, await FileAsync("bob's"), CheckpointContexts.BodyClose, lineage: new PushLineage(BaseOf("r1")));
        var mine = await Alice.UploadFileAsync(Part, await FileAsync("alice's"));

        var e = await Assert.ThrowsAsync<StaleBaseException>(() => Alice.CreateRevisionAsync(Part, mine.Sha256, "second", new PushLineage(BaseOf("r1"))));
        var revision = await Alice.CreateRevisionAsync(Part, mine.Sha256, "second", new PushLineage(BaseOf("r1"), Overwrite: true));

        Assert.Equal("bob", e.Head?.User);
        Assert.Equal(2, revision.Number);
        Assert.Equal(3, revision.Version);
    }

    [Fact]
    public async Task ListVersionsAsync_ByFileHash_FindsTheVersionOfTheseBytes()
    {
        var r1 = await Alice.UploadFileAsync(Part, await FileAsync("r1"));
        await Alice.CreateRevisionAsync(Part, r1.Sha256);
        await Alice.PushCheckpointAsync(Part, await FileAsync("later"), CheckpointContexts.BodyClose, lineage: new PushLineage(BaseOf("r1")));

        var found = Assert.Single(await Viewer.ListVersionsAsync(Part, r1.Sha256));

        Assert.Equal((1L, VersionKinds.Revision, 1), (found.Version, found.Kind, found.Revision));
        Assert.Empty(await Viewer.ListVersionsAsync(Part, new string('0', 64)));
    }

    [Fact]
    public async Task DownloadVersionAsync_RevisionAndCheckpoint_WriteTheirBytes()
    {
        var r1 = await Alice.UploadFileAsync(Part, await FileAsync("r1"));
        await Alice.CreateRevisionAsync(Part, r1.Sha256);
        await Bob.PushCheckpointAsync(Part, await FileAsync("cp"), CheckpointContexts.BodyClose, lineage: new PushLineage(BaseOf("r1")));
        var versions = await Viewer.ListVersionsAsync(Part);
        var target = Path.Combine(_dir, "out.FCStd");

        await Viewer.DownloadVersionAsync(Part, versions[1], target);
        Assert.Equal("r1", await File.ReadAllTextAsync(target));
        var sha = await Viewer.DownloadVersionAsync(Part, versions[0], target);
        Assert.Equal("cp", await File.ReadAllTextAsync(target));
        Assert.Equal((await FileHashes.Sha256Async(target)).Sha256, sha);
    }

    [Fact]
    public async Task AcquireEditSessionAsync_Grant_CarriesTheHead()
    {
        await Bob.PushCheckpointAsync(Part, await FileAsync("v1"), CheckpointContexts.BodyClose);
        var workstation = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("alice-lineage"))).Id;

        var grant = await Alice.AcquireEditSessionAsync(Part, workstation, "partdesign", "Body");

        Assert.Equal("bob", grant.Head?.User);
        Assert.Equal(BaseOf("v1").FileHash, grant.Head?.FileHash);
    }
}
