using System.Security.Cryptography;
using Silo.Client.Files;

namespace Silo.Client.Tests.Files;

public sealed class FileHashCacheTests : IDisposable
{
    // A hash no file here has: when HashAsync answers it, the file was not read.
    private const string Recorded = "00000000000000000000000000000000000000000000000000000000000000aa";

    private readonly string _dir = Directory.CreateTempSubdirectory("silo-hash-cache-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>As if the file had been read in full well after its last change.</summary>
    private static void RecordReadLater(FileHashCache cache, string path) =>
        cache.Record(path, FileStamp.Of(path), Recorded, FileStamp.Of(path)!.Value.ChangedTicks + (2 * FileHashCache.TrustMargin.Ticks));

    [Fact]
    public async Task HashAsync_UnchangedFileRecordedAfterItsLastChange_IsNotReadAgain()
    {
        var cache = new FileHashCache();
        var path = Write("part.FCStd", "body v1");
        RecordReadLater(cache, path);

        var (sha256, size) = await cache.HashAsync(path);

        Assert.Equal(Recorded, sha256);
        Assert.Equal(7, size);
    }

    [Fact]
    public async Task HashAsync_FileWrittenSince_IsHashedAgain()
    {
        var cache = new FileHashCache();
        var path = Write("part.FCStd", "body v1");
        RecordReadLater(cache, path);

        await File.AppendAllTextAsync(path, " and more");

        Assert.Equal(Sha256Of(path), (await cache.HashAsync(path)).Sha256);
    }

    [Fact]
    public async Task HashAsync_FileReplacedByAnotherOfTheSameSize_IsHashedAgain()
    {
        var cache = new FileHashCache();
        var path = Write("part.FCStd", "body v1");
        RecordReadLater(cache, path);

        // A save through a temp file and a rename: another inode, same length.
        File.Move(Write("part.tmp", "body v2"), path, overwrite: true);

        Assert.Equal(Sha256Of(path), (await cache.HashAsync(path)).Sha256);
    }

    [Fact]
    public async Task Record_ReadBeganWithinTheTrustMarginOfTheChange_IsNotTrusted()
    {
        var cache = new FileHashCache();
        var path = Write("part.FCStd", "body v1");

        // A write later in the same clock tick could leave the stamp as it is.
        cache.Record(path, FileStamp.Of(path), Recorded, FileStamp.Of(path)!.Value.ChangedTicks);

        Assert.Equal(Sha256Of(path), (await cache.HashAsync(path)).Sha256);
    }

    [Fact]
    public async Task Record_StampMovedDuringTheRead_IsNotTrusted()
    {
        var cache = new FileHashCache();
        var path = Write("part.FCStd", "body v1");
        var before = FileStamp.Of(path);

        await File.AppendAllTextAsync(path, "!");
        cache.Record(path, before, Recorded, before!.Value.ChangedTicks + (2 * FileHashCache.TrustMargin.Ticks));

        Assert.Equal(Sha256Of(path), (await cache.HashAsync(path)).Sha256);
    }

    [Fact]
    public void FileStamp_MissingFile_IsNull() => Assert.Null(FileStamp.Of(Path.Combine(_dir, "missing.FCStd")));
}
