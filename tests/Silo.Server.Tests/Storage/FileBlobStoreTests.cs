using System.Security.Cryptography;
using Silo.Server.Storage;

namespace Silo.Server.Tests.Storage;

public sealed class FileBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "silo-blobs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private string[] TempFiles() => Directory.GetFiles(Path.Combine(_root, "tmp"));

    private string[] StoredFiles() =>
        Directory.GetFiles(_root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) != "tmp").ToArray();

    /// <summary>Hands out its bytes in small reads, then fails as a dropped connection would.</summary>
    private sealed class FailingStream(byte[] prefix) : MemoryStream(prefix)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer[..Math.Min(buffer.Length, 100)], cancellationToken);
            return read > 0 ? read : throw new IOException("connection reset");
        }
    }

    [Fact]
    public async Task PutAsync_Content_StoresUnderTwoCharFolderNamedBySha256()
    {
        var store = new FileBlobStore(_root);
        var bytes = Bytes(300_000);
        var sha = Sha256(bytes);

        var blob = await store.PutAsync(new MemoryStream(bytes), long.MaxValue, null, CancellationToken.None);

        Assert.Equal(sha, blob.Sha256);
        Assert.Equal(bytes.Length, blob.Size);
        Assert.False(blob.AlreadyStored);
        var path = Path.Combine(_root, sha[..2], sha);
        Assert.Equal(path, store.PathOf(sha));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.True(store.Exists(sha));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task PutAsync_SameBytesTwice_SecondReportsAlreadyStoredAndKeepsOneFile()
    {
        var store = new FileBlobStore(_root);
        var bytes = Bytes(1000);

        await store.PutAsync(new MemoryStream(bytes), long.MaxValue, null, CancellationToken.None);
        var again = await store.PutAsync(new MemoryStream(bytes), long.MaxValue, null, CancellationToken.None);

        Assert.True(again.AlreadyStored);
        Assert.Single(StoredFiles());
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task PutAsync_ConcurrentSameBytes_AllSucceedWithOneFile()
    {
        var store = new FileBlobStore(_root);
        var bytes = Bytes(200_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => store.PutAsync(new MemoryStream(bytes), long.MaxValue, null, CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(Sha256(bytes), r.Sha256));
        Assert.Single(results, r => !r.AlreadyStored);
        Assert.Single(StoredFiles());
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task PutAsync_ExactlyMaxBytes_IsStored()
    {
        var store = new FileBlobStore(_root);

        var blob = await store.PutAsync(new MemoryStream(Bytes(1024)), 1024, null, CancellationToken.None);

        Assert.Equal(1024, blob.Size);
    }

    [Fact]
    public async Task PutAsync_OverMaxBytes_ThrowsAndLeavesNothing()
    {
        var store = new FileBlobStore(_root);

        var e = await Assert.ThrowsAsync<BlobTooLargeException>(() =>
            store.PutAsync(new MemoryStream(Bytes(1025)), 1024, null, CancellationToken.None));

        Assert.Equal(1024, e.Limit);
        Assert.Empty(StoredFiles());
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task PutAsync_ExpectedHashMatches_IsStored()
    {
        var store = new FileBlobStore(_root);
        var bytes = Bytes(500);

        var blob = await store.PutAsync(new MemoryStream(bytes), long.MaxValue, Sha256(bytes).ToUpperInvariant(), CancellationToken.None);

        Assert.Equal(Sha256(bytes), blob.Sha256);
    }

    [Fact]
    public async Task PutAsync_ExpectedHashDiffers_ThrowsWithBothHashesAndLeavesNothing()
    {
        var store = new FileBlobStore(_root);
        var bytes = Bytes(500);
        var announced = new string('0', 64);

        var e = await Assert.ThrowsAsync<BlobHashMismatchException>(() =>
            store.PutAsync(new MemoryStream(bytes), long.MaxValue, announced, CancellationToken.None));

        Assert.Equal(announced, e.Expected);
        Assert.Equal(Sha256(bytes), e.Actual);
        Assert.Empty(StoredFiles());
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task PutAsync_SourceFailsMidway_RethrowsAndLeavesNothing()
    {
        var store = new FileBlobStore(_root);

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(new FailingStream(Bytes(5000)), long.MaxValue, null, CancellationToken.None));

        Assert.Empty(StoredFiles());
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task PutAsync_Cancelled_LeavesNothing()
    {
        var store = new FileBlobStore(_root);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync(new MemoryStream(Bytes(5000)), long.MaxValue, null, cts.Token));

        Assert.Empty(StoredFiles());
        Assert.Empty(TempFiles());
    }

    [Fact]
    public void Constructor_RemovesStaleTempFilesFromACrash()
    {
        Directory.CreateDirectory(Path.Combine(_root, "tmp"));
        var dead = Path.Combine(_root, "tmp", "dead.part");
        File.WriteAllBytes(dead, Bytes(10));
        File.SetLastWriteTimeUtc(dead, DateTime.UtcNow - FileBlobStore.StaleTempAge - TimeSpan.FromMinutes(1));

        _ = new FileBlobStore(_root);

        Assert.Empty(TempFiles());
    }

    [Fact]
    public void Constructor_KeepsARecentTempFileOfAnotherInstancesUpload()
    {
        Directory.CreateDirectory(Path.Combine(_root, "tmp"));
        File.WriteAllBytes(Path.Combine(_root, "tmp", "uploading.part"), Bytes(10));

        _ = new FileBlobStore(_root);

        Assert.Single(TempFiles());
    }

    [Fact]
    public async Task PutAsync_TwoStoresOnOneFolderWriteTheSameBytes_BothSucceedWithOneGoodFile()
    {
        var stores = new[] { new FileBlobStore(_root), new FileBlobStore(_root) };
        var bytes = Bytes(2_000_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => stores[i % 2].PutAsync(new MemoryStream(bytes), long.MaxValue, null, CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(Sha256(bytes), r.Sha256));
        // Where the file system cannot refuse a rename onto an existing name, both may have renamed:
        // same bytes, same name, so still one good file.
        Assert.Contains(results, r => !r.AlreadyStored);
        var stored = Assert.Single(StoredFiles());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(stored));
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task ListHashes_ReturnsStoredBlobsOnly()
    {
        var store = new FileBlobStore(_root);
        var a = (await store.PutAsync(new MemoryStream(Bytes(10, seed: 1)), long.MaxValue, null, CancellationToken.None)).Sha256;
        var b = (await store.PutAsync(new MemoryStream(Bytes(10, seed: 2)), long.MaxValue, null, CancellationToken.None)).Sha256;
        File.WriteAllText(Path.Combine(_root, "tmp", "in-progress.part"), "x");

        Assert.Equal(new[] { a, b }.Order(), store.ListHashes().Order());
    }

    [Fact]
    public async Task BeginRemove_ThenComplete_RemovesTheBlob()
    {
        var store = new FileBlobStore(_root);
        var sha = (await store.PutAsync(new MemoryStream(Bytes(10)), long.MaxValue, null, CancellationToken.None)).Sha256;

        var removal = store.BeginRemove(sha)!;
        Assert.False(store.Exists(sha));
        removal.Complete();

        Assert.False(store.Exists(sha));
        Assert.Empty(StoredFiles());
        Assert.Empty(Directory.EnumerateFiles(store.TempDirectory));
    }

    [Fact]
    public async Task BeginRemove_ThenUndo_PutsTheSameBytesBack()
    {
        var store = new FileBlobStore(_root);
        var bytes = Bytes(10);
        var sha = (await store.PutAsync(new MemoryStream(bytes), long.MaxValue, null, CancellationToken.None)).Sha256;

        store.BeginRemove(sha)!.Undo();

        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(sha)));
        Assert.Empty(Directory.EnumerateFiles(store.TempDirectory));
    }

    [Fact]
    public async Task BeginRemove_StoredAgainBeforeUndo_KeepsTheNewFile()
    {
        var store = new FileBlobStore(_root);
        var bytes = Bytes(10);
        var sha = (await store.PutAsync(new MemoryStream(bytes), long.MaxValue, null, CancellationToken.None)).Sha256;
        var removal = store.BeginRemove(sha)!;

        var again = await store.PutAsync(new MemoryStream(bytes), long.MaxValue, null, CancellationToken.None);
        removal.Undo();

        Assert.False(again.AlreadyStored);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(sha)));
        Assert.Empty(Directory.EnumerateFiles(store.TempDirectory));
    }

    [Fact]
    public async Task New_RemovalLeftByADeadProcess_PutsTheBlobBack()
    {
        var store = new FileBlobStore(_root);
        var bytes = Bytes(10);
        var sha = (await store.PutAsync(new MemoryStream(bytes), long.MaxValue, null, CancellationToken.None)).Sha256;
        var aside = Path.Combine(store.TempDirectory, $"{sha}.0123{BlobRemoval.Suffix}");
        File.Move(store.PathOf(sha), aside);
        File.SetLastWriteTimeUtc(aside, DateTime.UtcNow - FileBlobStore.StaleTempAge - TimeSpan.FromHours(1));

        var restarted = new FileBlobStore(_root);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(restarted.PathOf(sha)));
        Assert.False(File.Exists(aside));
    }

    [Theory]
    [InlineData("../../../../../../etc/passwd")]
    [InlineData("tmp")]
    [InlineData("")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g")]
    public void PathOf_NotAHash_Throws(string value)
    {
        var store = new FileBlobStore(_root);

        Assert.Throws<ArgumentException>(() => store.PathOf(value));
        Assert.False(store.Exists(value));
    }

    [Theory]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", true)]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", true)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", false)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555", false)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85z", false)]
    public void IsHash_Table(string value, bool expected) => Assert.Equal(expected, FileBlobStore.IsHash(value));
}
