using SiloMod.Core.Sync;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.Sync;

public sealed class SyncAuditTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _temp = new();

    [Fact]
    public async Task RunAsync_MissingUntrackedAndModified_AllReported()
    {
        var projects = _temp.Combine("projects");
        Directory.CreateDirectory(Path.Combine(projects, "Brackets"));
        var store = SyncStateStore.Open(_temp.Combine("s.json"));
        var kept = Write(projects, "PRT-1_Kept.FCStd", "kept");
        var edited = Write(projects, "PRT-2_Edited.FCStd", "edited later");
        var stray = Write(projects, "PRT-9_Stray.FCStd", "stray");
        Write(projects, ".PRT-3_Gone.FCStd.abc.part", "a download temp, not an orphan");
        store.Record(Tracked("PRT-1", kept, "kept"));
        store.Record(Tracked("PRT-2", edited, "as synced"));
        store.Record(Tracked("PRT-3", Path.Combine(projects, "Brackets", "PRT-3_Gone.FCStd"), "gone"));

        var report = await SyncAudit.RunAsync(store, projects);

        Assert.Equal(["PRT-3"], report.Missing.Select(m => m.PartNumber));
        Assert.Equal(
            [(edited, "PRT-2", OrphanReasons.Modified), (stray, null, OrphanReasons.Untracked)],
            report.Orphans.Select(o => (o.Path, o.PartNumber, o.Reason)));
        Assert.True(File.Exists(stray));
    }

    [Fact]
    public async Task RunAsync_InLine_Clean()
    {
        var projects = _temp.Combine("projects");
        var store = SyncStateStore.Open(_temp.Combine("s.json"));
        var kept = Write(projects, "PRT-1_Kept.FCStd", "kept");
        store.Record(Tracked("PRT-1", kept, "kept"));

        Assert.True((await SyncAudit.RunAsync(store, projects)).Clean);
    }

    private static string Write(string projects, string name, string content)
    {
        var path = Path.Combine(projects, "Brackets", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static TrackedFile Tracked(string pn, string path, string content) =>
        new(pn, "id-" + pn, path, InboundHarness.Sha(InboundHarness.Bytes(content)), 1, null, false, At);

    public void Dispose() => _temp.Dispose();
}
