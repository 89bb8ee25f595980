using SiloMod.Core.Sync;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.Sync;

public sealed class SyncFolderTests : IDisposable
{
    private static readonly string Hex = Guid.NewGuid().ToString("N");

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Workspace => _temp.Combine("workspace");

    private string Records => Path.Combine(Workspace, ".silo");

    private string Put(string relative)
    {
        var path = Path.Combine(Workspace, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        return path;
    }

    [Fact]
    public void Open_LeftoversOfAKilledRun_RemovesThemAndKeepsTheFiles()
    {
        string[] leftovers = [Put($"Brackets/.PRT-1_Left.FCStd.{Hex}.part"), Put($".silo/.sync-state.json.{Hex}.tmp")];
        string[] kept = [Put("Brackets/PRT-1_Left.FCStd"), Put($"Brackets/deeper/.PRT-2.FCStd.{Hex}.part")];

        using var folder = SyncFolder.Open(Records, Workspace, TimeProvider.System);

        Assert.Equal(2, folder.LeftoversRemoved);
        Assert.All(leftovers, p => Assert.False(File.Exists(p), p));
        Assert.All(kept, p => Assert.True(File.Exists(p), p));
    }

    [Fact]
    public void Open_WhileAnotherHoldsTheFolder_LeavesTempFilesThatMayBeItsDownloads()
    {
        Directory.CreateDirectory(Records);
        var download = Put($"Brackets/.PRT-1_Left.FCStd.{Hex}.part");
        using var first = SyncFolder.Open(Records, Workspace, TimeProvider.System);
        var inFlight = Put($"Brackets/.PRT-2_Right.FCStd.{Hex}.part");

        using var second = SyncFolder.Open(Records, Workspace, TimeProvider.System);

        Assert.Equal(0, second.LeftoversRemoved);
        Assert.True(File.Exists(inFlight));
        Assert.False(File.Exists(download));
    }

    [Fact]
    public void Dispose_ReleasesTheFolderForTheNextCommand()
    {
        Directory.CreateDirectory(Records);
        SyncFolder.Open(Records, Workspace, TimeProvider.System).Dispose();
        var leftover = Put($"Brackets/.PRT-1_Left.FCStd.{Hex}.part");

        using var next = SyncFolder.Open(Records, Workspace, TimeProvider.System);

        Assert.Equal(1, next.LeftoversRemoved);
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void Open_WorkspaceNeverSynced_WritesNothing()
    {
        var stray = Put($".notes.txt.{Hex}.part");

        using var folder = SyncFolder.Open(Records, Workspace, TimeProvider.System);

        Assert.Equal(0, folder.LeftoversRemoved);
        Assert.False(Directory.Exists(Records));
        Assert.True(File.Exists(stray));
    }
}
