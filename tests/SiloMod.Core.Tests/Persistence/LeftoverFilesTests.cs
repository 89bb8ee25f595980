using SiloMod.Core.Persistence;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.Persistence;

public sealed class LeftoverFilesTests : IDisposable
{
    private static readonly string G1 = Guid.NewGuid().ToString("N");
    private static readonly string G2 = Guid.NewGuid().ToString("N");

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Put(string folder, string name, int size = 10)
    {
        var path = _temp.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[size]);
        return path;
    }

    [Fact]
    public void Sweep_OwnedFolders_RemovesOnlyNamesOfTheCoresTempShape()
    {
        string[] leftovers =
        [
            Put("projects", $".PRT-1_Bracket.FCStd.{G1}.part", 1000),
            Put("projects", $"..PRT-1_Bracket.FCStd.{G1}.part.{G2}.part", 500),
            Put("state", $".sync-state.json.{G1}.tmp", 20),
            Put("state", $".000000000001-{G2}.file.{G1}.tmp", 300),
        ];
        string[] kept =
        [
            Put("projects", "PRT-1_Bracket.FCStd"),
            Put("projects", ".PRT-1_Bracket.FCStd.part"),
            Put("projects", $".PRT-1.FCStd.{G1[..31]}.part"),
            Put("projects", $".PRT-1.FCStd.{G1.ToUpperInvariant()}.part"),
            Put("projects", $"PRT-1.FCStd.{G1}.part"),
            Put("projects", ".hidden"),
            Put("state", "sync-state.json"),
            Put("state", "notes.tmp"),
            Put("state", Path.Combine("sub", $".x.{G1}.tmp")),
        ];

        var removed = LeftoverFiles.Sweep([_temp.Combine("projects"), _temp.Combine("state")], []);

        Assert.Equal(leftovers.Order(StringComparer.Ordinal), removed.Paths.Order(StringComparer.Ordinal));
        Assert.Equal((2, 1820L), (removed.Downloads, removed.Bytes));
        Assert.All(leftovers, p => Assert.False(File.Exists(p), p));
        Assert.All(kept, p => Assert.True(File.Exists(p), p));
    }

    [Fact]
    public void Sweep_BesideADocument_OnlyThatDocumentsTemps()
    {
        var document = Put("work", "bracket.FCStd");
        string[] leftovers =
        [
            Put("work", $".bracket.FCStd.{G1}.part"),
            Put("work", $"..bracket.FCStd.{G1}.part.{G2}.part"),
            Put("work", $".bracket.FCStd.{G2}.tmp"),
        ];
        string[] kept = [document, Put("work", $".other.FCStd.{G1}.part"), Put("work", $".bracket.FCStd.{G1}.partial")];

        var removed = LeftoverFiles.Sweep([], [document]);

        Assert.Equal(3, removed.Paths.Count);
        Assert.All(leftovers, p => Assert.False(File.Exists(p), p));
        Assert.All(kept, p => Assert.True(File.Exists(p), p));
    }

    [Fact]
    public void Sweep_MissingFolders_RemovesNothing()
    {
        var removed = LeftoverFiles.Sweep([_temp.Combine("nowhere")], [_temp.Combine("gone", "doc.FCStd")]);

        Assert.Empty(removed.Paths);
    }
}
