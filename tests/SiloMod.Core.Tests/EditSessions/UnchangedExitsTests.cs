using NSubstitute;
using Silo.Client;
using Silo.Client.Files;
using Silo.Protocol.Lineage;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Host;
using SiloMod.Core.Lineage;
using SiloMod.Core.Signals;

namespace SiloMod.Core.Tests.EditSessions;

public sealed class UnchangedExitsTests : IDisposable
{
    private const string Pn = "P-100";

    private readonly ISiloClient _client = Substitute.For<ISiloClient>();
    private readonly ICheckpointHistory _history = Substitute.For<ICheckpointHistory>();
    private readonly SignalHub _signals = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("unchanged-").FullName;
    private readonly FileLineage _lineage;
    private readonly UnchangedExits _unchanged;

    public UnchangedExitsTests()
    {
        var clock = TestClock.New();
        _lineage = new FileLineage(Path.Combine(_dir, "lineage.json"), clock);
        _unchanged = new UnchangedExits(_lineage, _history, new FileHashCache(), new SessionReleaser(_client, _signals, clock, () => TimeSpan.FromSeconds(2)));
    }

    public void Dispose()
    {
        _signals.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string SavedFile(string content)
    {
        var path = Path.Combine(_dir, "part.FCStd");
        File.WriteAllText(path, content);
        return path;
    }

    private static string Sha(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));

    private static CheckpointSubmission Exit(string path, string context = "body_close", string? sessionId = "b-1", bool onlyIfChanged = true) =>
        new(Pn, path, context, sessionId, Dag: null, onlyIfChanged);

    private void LastSent(string content, string context = "body_close") =>
        _history.LatestFor(Pn).Returns(new RecordedCheckpoint(Pn, Sha(content), context, Pushed: true));

    private Task NoRelease() =>
        _client.DidNotReceive().ReleaseEditSessionAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<CancellationToken>());

    [Fact]
    public async Task ReleaseIfUnchanged_SameFileAsLastPush_ReleasesTheSessionInstead()
    {
        LastSent("v1");

        Assert.True(await _unchanged.ReleaseIfUnchangedAsync(Exit(SavedFile("v1")), CancellationToken.None));

        await _client.Received(1).ReleaseEditSessionAsync(Pn, "b-1", null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ReleaseIfUnchanged_UnchangedWithoutSession_SkipsTheCheckpointAndReleasesNothing()
    {
        LastSent("v1");

        Assert.True(await _unchanged.ReleaseIfUnchangedAsync(Exit(SavedFile("v1"), sessionId: null), CancellationToken.None));

        await NoRelease();
    }

    [Fact]
    public async Task ReleaseIfUnchanged_SavedFileDiffersFromLastPush_IsAChange()
    {
        LastSent("v1");

        Assert.False(await _unchanged.ReleaseIfUnchangedAsync(Exit(SavedFile("v2")), CancellationToken.None));

        await NoRelease();
    }

    [Fact]
    public async Task ReleaseIfUnchanged_ExactlyTheDownloadedVersion_Releases()
    {
        // The host marked the document modified for reasons of its own (a recompute) and saved it back; the bytes say nothing changed.
        var path = SavedFile("revision one");
        _lineage.Record(path, Pn, new VersionRef(Sha("revision one")), downloaded: true);

        Assert.True(await _unchanged.ReleaseIfUnchangedAsync(Exit(path), CancellationToken.None));
    }

    [Fact]
    public async Task ReleaseIfUnchanged_BodyCloseAfterPrivateSketchCloseOfSameFile_StillCheckpointsForSubscribers()
    {
        LastSent("v1", context: "sketch_close");

        Assert.False(await _unchanged.ReleaseIfUnchangedAsync(Exit(SavedFile("v1")), CancellationToken.None));
    }

    [Fact]
    public async Task ReleaseIfUnchanged_SavedWithChanges_IsAChangeWithoutLooking()
    {
        LastSent("v1");

        Assert.False(await _unchanged.ReleaseIfUnchangedAsync(Exit(SavedFile("v1"), onlyIfChanged: false), CancellationToken.None));

        await NoRelease();
    }

    [Fact]
    public async Task ReleaseIfUnchanged_FileGone_IsAChange()
    {
        LastSent("v1");

        Assert.False(await _unchanged.ReleaseIfUnchangedAsync(Exit(Path.Combine(_dir, "gone.FCStd")), CancellationToken.None));
    }
}
