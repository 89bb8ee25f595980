using Silo.Protocol.Lineage;
using SiloMod.Core.Lineage;
using SiloMod.Core.Sync;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.Sync;

public sealed class IncomingFilesTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Journal => _temp.Combine("state", SyncManager.IncomingFileName);

    private (string Path, FileLineage Lineage, SyncStateStore State) Synced(string content)
    {
        var path = _temp.Combine("projects", "Brackets", "PRT-1.FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        var lineage = new FileLineage(_temp.Combine("state", "lineage.json"));
        var state = SyncStateStore.Open(_temp.Combine("state", "sync-state.json"));
        var hash = InboundHarness.Sha(InboundHarness.Bytes(content));
        lineage.Record(path, "PRT-1", new VersionRef(hash, VersionKinds.Revision, null, 1), downloaded: true);
        state.Record(Tracked(path, hash, 1));
        return (path, lineage, state);
    }

    private static TrackedFile Tracked(string path, string hash, long version) =>
        new("PRT-1", "id-1", path, hash, (int)version, null, false, At, version);

    private static IncomingFiles.Incoming Version2(string path) =>
        new(path, "PRT-1", new VersionRef(InboundHarness.Sha(InboundHarness.Bytes("v2")), VersionKinds.Checkpoint, "cp-2", 2),
            Tracked(path, InboundHarness.Sha(InboundHarness.Bytes("v2")), 2) with { Revision = null, CheckpointId = "cp-2", IsCheckpoint = true });

    [Fact]
    public async Task RecoverAsync_FilePutInPlaceButNotRecorded_RecordsItsVersionInLineageAndState()
    {
        var (path, lineage, state) = Synced("v1");
        new IncomingFiles(Journal).Expect(Version2(path));
        File.WriteAllText(path, "v2");

        // A new process: what the killed one wrote down is all there is.
        var recovered = await new IncomingFiles(Journal).RecoverAsync(lineage, state);

        Assert.Equal(1, recovered);
        Assert.Equal((2L, true), (lineage.Of(path)!.Base.Version!.Value, lineage.Of(path)!.Downloaded));
        Assert.Equal(("cp-2", 2L), (state.Get("PRT-1")!.CheckpointId, state.Get("PRT-1")!.Version!.Value));
        Assert.Empty(new IncomingFiles(Journal).All());
    }

    [Fact]
    public async Task RecoverAsync_FileNeverReplaced_ForgetsTheExpectationAndKeepsTheRecords()
    {
        var (path, lineage, state) = Synced("v1");
        new IncomingFiles(Journal).Expect(Version2(path));

        var recovered = await new IncomingFiles(Journal).RecoverAsync(lineage, state);

        Assert.Equal(0, recovered);
        Assert.Equal(1, lineage.Of(path)!.Base.Version);
        Assert.Equal(1, state.Get("PRT-1")!.Version);
        Assert.Empty(new IncomingFiles(Journal).All());
    }

    [Fact]
    public async Task RecoverAsync_DocumentUpdatedInPlace_RecordsOnlyItsLineage()
    {
        var (path, lineage, state) = Synced("v1");
        var document = _temp.Combine("work", "bracket.FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(document)!);
        File.WriteAllText(document, "v2");
        new IncomingFiles(Journal).Expect(Version2(document) with { Tracked = null });

        await new IncomingFiles(Journal).RecoverAsync(lineage, state);

        Assert.Equal(2, lineage.Of(document)!.Base.Version);
        Assert.Equal((path, 1L), (state.Get("PRT-1")!.Path, state.Get("PRT-1")!.Version!.Value));
    }

    [Fact]
    public void Settle_OnlyThatFile_OthersStayExpected()
    {
        var journal = new IncomingFiles(Journal);
        journal.Expect(Version2(_temp.Combine("a.FCStd")));
        journal.Expect(Version2(_temp.Combine("b.FCStd")));

        journal.Settle(_temp.Combine("a.FCStd"));

        Assert.Equal(_temp.Combine("b.FCStd"), Assert.Single(new IncomingFiles(Journal).All()).Path);
    }
}
