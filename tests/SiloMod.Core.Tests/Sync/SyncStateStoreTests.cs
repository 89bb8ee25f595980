using SiloMod.Core.Sync;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.Sync;

public sealed class SyncStateStoreTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _temp = new();

    [Fact]
    public void Record_ThenReopen_ReadsEverythingBackAndLeavesNoTemp()
    {
        var path = _temp.Combine("state", "sync-state.json");
        var store = SyncStateStore.Open(path);
        var file = new TrackedFile("PRT-1", "id-1", "/p/Brackets/PRT-1_Part.FCStd", "aa", 3, null, false, At);

        store.Record(file);
        store.Skip("PRT-2", "bb");
        store.SetLastEventId(42);

        var reopened = SyncStateStore.Open(path);
        Assert.Equal(file, reopened.Get("PRT-1"));
        Assert.Equal("bb", reopened.SkippedTarget("PRT-2"));
        Assert.Equal(42, reopened.LastEventId);
        Assert.Equal(["sync-state.json"], Directory.GetFiles(_temp.Combine("state")).Select(Path.GetFileName));
    }

    [Fact]
    public void Record_NewVersion_ClearsItsSkip()
    {
        var store = SyncStateStore.Open(_temp.Combine("s.json"));
        store.Skip("PRT-1", "bb");

        store.Record(new TrackedFile("PRT-1", "id-1", "/p/x.FCStd", "cc", 4, null, false, At));

        Assert.Null(store.SkippedTarget("PRT-1"));
    }

    [Fact]
    public void Get_PartNumberInAnotherCase_FindsTheRecord()
    {
        var store = SyncStateStore.Open(_temp.Combine("s.json"));
        store.Record(new TrackedFile("PRT-1", "id-1", "/p/x.FCStd", "aa", 1, null, false, At));

        store.Record(new TrackedFile("prt-1", "id-1", "/p/x.FCStd", "bb", 2, null, false, At.AddMinutes(1)));

        Assert.Equal("bb", store.Get("Prt-1")?.FileHash);
        Assert.Single(store.All());
    }

    [Fact]
    public void Open_KeysDifferingOnlyInCase_KeepsTheLatestRecord()
    {
        // As a build that compared part numbers exactly could have written it.
        var path = _temp.Combine("s.json");
        File.WriteAllText(path, """
            { "files": {
                "PRT-1": { "part_number": "PRT-1", "item_id": "id-1", "path": "/p/x.FCStd", "file_hash": "new", "revision": 2, "is_checkpoint": false, "synced_at": "2026-03-01T11:00:00+00:00" },
                "prt-1": { "part_number": "prt-1", "item_id": "id-1", "path": "/p/x.FCStd", "file_hash": "old", "revision": 1, "is_checkpoint": false, "synced_at": "2026-03-01T10:00:00+00:00" } },
              "skipped_targets": {}, "version": 1 }
            """);

        var store = SyncStateStore.Open(path);

        Assert.Equal("new", Assert.Single(store.All()).FileHash);
    }

    [Fact]
    public void Open_CorruptFile_ThrowsClearErrorAndKeepsTheFile()
    {
        var path = _temp.Combine("s.json");
        File.WriteAllText(path, "{ \"files\": [ truncated");

        var error = Assert.Throws<SyncStateCorruptException>(() => SyncStateStore.Open(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal("{ \"files\": [ truncated", File.ReadAllText(path));
    }

    [Fact]
    public void Open_WrongShape_ThrowsClearError()
    {
        var path = _temp.Combine("s.json");
        File.WriteAllText(path, "{ \"version\": 1 }");

        var error = Assert.Throws<SyncStateCorruptException>(() => SyncStateStore.Open(path));

        Assert.Contains("lacks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NoFile_StartsEmpty()
    {
        var store = SyncStateStore.Open(_temp.Combine("none", "s.json"));

        Assert.Empty(store.All());
        Assert.Null(store.LastEventId);
    }

    [Fact]
    public void SetLastEventId_OlderThanKnown_Ignored()
    {
        var store = SyncStateStore.Open(_temp.Combine("s.json"));
        store.SetLastEventId(10);

        store.SetLastEventId(7);

        Assert.Equal(10, SyncStateStore.Open(store.FilePath).LastEventId);
    }

    public void Dispose() => _temp.Dispose();
}
