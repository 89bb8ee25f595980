using Silo.Client.Files;

namespace Silo.Client.Tests.Files;

public sealed class DurableFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "durable-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Replace_ExistingTarget_TakesTheSourcesBytesAndTheSourceIsGone()
    {
        var source = Path.Combine(_dir, ".part.tmp");
        var target = Path.Combine(_dir, "part.FCStd");
        File.WriteAllText(target, "old");
        File.WriteAllText(source, "new");

        DurableFiles.Replace(source, target);

        Assert.Equal("new", File.ReadAllText(target));
        Assert.False(File.Exists(source));
    }

    [Fact]
    public void FlushDirectory_ExistingFolder_Succeeds()
    {
        // Reaches the C library for real: a missing or misnamed entry point fails here, not on a user's power cut.
        DurableFiles.FlushDirectory(_dir);
    }

    [Fact]
    public void FlushDirectory_MissingFolder_ThrowsIOException()
    {
        if (OperatingSystem.IsWindows()) return;

        Assert.Throws<IOException>(() => DurableFiles.FlushDirectory(Path.Combine(_dir, "gone")));
    }
}
