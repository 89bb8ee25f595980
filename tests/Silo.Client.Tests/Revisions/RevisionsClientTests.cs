using Silo.Client.Errors;
using Silo.Client.Files;
using Silo.Protocol.Revisions;
using Silo.Client.Tests.Support;
using Silo.Testing;

namespace Silo.Client.Tests.Revisions;

public sealed class RevisionsClientTests : ClientTestBase
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "silo-client-rev-" + Guid.NewGuid().ToString("N"));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1");
        Directory.CreateDirectory(_dir);
    }

    public override async Task DisposeAsync()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        await base.DisposeAsync();
    }

    private async Task<string> LocalFileAsync(string content)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".FCStd");
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    [Fact]
    public async Task UploadFileAsync_ThenCreateRevision_MakesRevisionOne()
    {
        var path = await LocalFileAsync("first version");

        var uploaded = await Alice.UploadFileAsync("PRT-1", path);
        var revision = await Alice.CreateRevisionAsync("PRT-1", uploaded.Sha256, "first");

        Assert.Equal(ServerKit.Sha256(ServerKit.Bytes("first version")), uploaded.Sha256);
        Assert.Equal(13, uploaded.Size);
        Assert.Equal(1, revision.Number);
        Assert.Equal(uploaded.Sha256, revision.FileHash);
        Assert.Equal("first", revision.Comment);
        Assert.Equal(RevisionStatuses.Draft, revision.Status);
        Assert.Equal("alice", revision.CreatedBy);
    }

    [Fact]
    public async Task UploadFileAsync_LockedByOther_ThrowsItemLockedNamingHolder()
    {
        await Bob.LockItemAsync("PRT-1");
        var path = await LocalFileAsync("alice's version");

        var e = await Assert.ThrowsAsync<ItemLockedException>(() => Alice.UploadFileAsync("PRT-1", path));

        Assert.Equal("bob", e.Holder!.LockedBy);
    }

    [Fact]
    public async Task CreateRevisionAsync_LockedByOtherAfterUpload_ThrowsItemLockedAndMakesNothing()
    {
        var uploaded = await Alice.UploadFileAsync("PRT-1", await LocalFileAsync("v1"));
        await Bob.LockItemAsync("PRT-1");

        var e = await Assert.ThrowsAsync<ItemLockedException>(() => Alice.CreateRevisionAsync("PRT-1", uploaded.Sha256, "late"));

        Assert.Equal("bob", e.Holder!.LockedBy);
        Assert.Empty(await Alice.ListRevisionsAsync("PRT-1"));
    }

    [Fact]
    public async Task CreateRevisionAsync_UnknownHash_ThrowsValidation()
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => Alice.CreateRevisionAsync("PRT-1", new string('a', 64)));

        Assert.Contains("file_hash", e.Errors.Keys);
    }

    [Fact]
    public async Task ListRevisionsAsync_TwoRevisions_OldestFirst()
    {
        await ServerKit.AddRevisionAsync(Server, "PRT-1", "v1", release: true);
        await ServerKit.AddRevisionAsync(Server, "PRT-1", "v2", release: false);

        var revisions = await Viewer.ListRevisionsAsync("PRT-1");

        Assert.Equal([1, 2], revisions.Select(r => r.Number));
        Assert.Equal([RevisionStatuses.Released, RevisionStatuses.Draft], revisions.Select(r => r.Status));
    }

    [Fact]
    public async Task ReleaseRevisionAsync_Draft_ReleasesItAndAgainIsHarmless()
    {
        await ServerKit.AddRevisionAsync(Server, "PRT-1", "v1", release: false);

        var released = await Alice.ReleaseRevisionAsync("PRT-1", 1);
        var again = await Alice.ReleaseRevisionAsync("PRT-1", 1);

        Assert.Equal(RevisionStatuses.Released, released.Status);
        Assert.Equal(1, again.Number);
        Assert.Equal(RevisionStatuses.Released, (await Viewer.ListRevisionsAsync("PRT-1")).Single().Status);
    }

    [Fact]
    public async Task ReleaseRevisionAsync_Viewer_ThrowsAuthAndReleasesNothing()
    {
        await ServerKit.AddRevisionAsync(Server, "PRT-1", "v1", release: false);

        await Assert.ThrowsAsync<AuthException>(() => Viewer.ReleaseRevisionAsync("PRT-1", 1));
        Assert.Equal(RevisionStatuses.Draft, (await Viewer.ListRevisionsAsync("PRT-1")).Single().Status);
    }

    [Fact]
    public async Task ReleaseRevisionAsync_NoSuchRevision_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Alice.ReleaseRevisionAsync("PRT-1", 4));
    }

    [Fact]
    public async Task DownloadRevisionAsync_LatestAndNumbered_WritesThatRevisionsBytes()
    {
        var (_, hash1) = await ServerKit.AddRevisionAsync(Server, "PRT-1", "v1 bytes", release: false);
        var (_, hash2) = await ServerKit.AddRevisionAsync(Server, "PRT-1", "v2 bytes", release: false);
        var latest = Path.Combine(_dir, "sub", "latest.FCStd");
        var first = Path.Combine(_dir, "first.FCStd");

        var latestSha = await Viewer.DownloadRevisionAsync("PRT-1", latest, expectedSha256: hash2);
        var firstSha = await Viewer.DownloadRevisionAsync("PRT-1", first, revision: 1);

        Assert.Equal(hash2, latestSha);
        Assert.Equal(hash1, firstSha);
        Assert.Equal("v2 bytes", await File.ReadAllTextAsync(latest));
        Assert.Equal("v1 bytes", await File.ReadAllTextAsync(first));
    }

    [Fact]
    public async Task DownloadRevisionAsync_WithProgress_ReportsEveryByte()
    {
        var content = new string('x', 300_000);
        await ServerKit.AddRevisionAsync(Server, "PRT-1", content, release: false);
        var reports = new List<DownloadProgress>();
        var progress = new SynchronousProgress(reports.Add);

        await Viewer.DownloadRevisionAsync("PRT-1", Path.Combine(_dir, "big.FCStd"), progress: progress);

        Assert.Equal(new DownloadProgress(300_000, 300_000), reports[^1]);
        Assert.Equal(0, reports[0].BytesReceived);
    }

    [Fact]
    public async Task DownloadRevisionAsync_NoSuchRevision_ThrowsNotFoundAndWritesNothing()
    {
        await ServerKit.AddRevisionAsync(Server, "PRT-1", "v1", release: false);

        await Assert.ThrowsAsync<NotFoundException>(() => Viewer.DownloadRevisionAsync("PRT-1", Path.Combine(_dir, "x.FCStd"), revision: 7));

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task DownloadRevisionAsync_ResponseCutMidBody_ThrowsUnavailableAndLeavesNoFile()
    {
        await ServerKit.AddRevisionAsync(Server, "PRT-1", new string('y', 200_000), release: false);
        await using var proxy = FaultProxy.Start(Server.BaseAddress);
        proxy.DropResponses(afterBytes: 5_000, method: "GET", path: "/api/items/PRT-1/file");
        var client = ClientFor(AliceToken, baseAddress: proxy.BaseAddress);
        var target = Path.Combine(_dir, "cut.FCStd");

        await Assert.ThrowsAsync<UnavailableException>(() => client.DownloadRevisionAsync("PRT-1", target));

        Assert.Empty(Directory.GetFiles(_dir));
    }

    /// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, so the list is complete when the call returns.</summary>
    private sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
