using Silo.Protocol.Checkpoints;
using Silo.Client.Errors;
using Silo.Protocol.Subscriptions;
using Silo.Client.Tests.Support;
using Silo.Testing;

namespace Silo.Client.Tests.Files;

public sealed class DownloadFileTests : ClientTestBase
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "silo-client-dl-" + Guid.NewGuid().ToString("N"));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1");
    }

    public override async Task DisposeAsync()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task DownloadFileAsync_SyncDiffEntry_WritesFileIntoNewFolderAndReturnsHash()
    {
        var (_, hash) = await ServerKit.AddRevisionAsync(Server, "PRT-1", "released bytes", release: true);
        var ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
        await Alice.CreateSubscriptionAsync(ws, SubscriptionTypes.Item, "PRT-1");
        var entry = Assert.Single((await Alice.GetSyncDiffAsync(ws)).Downloads);
        var target = Path.Combine(_dir, "Brackets", "PRT-1_Test part.FCStd");

        var sha = await Alice.DownloadFileAsync(entry.DownloadUrl!, target, entry.FileHash);

        Assert.Equal(hash, sha);
        Assert.Equal("released bytes", await File.ReadAllTextAsync(target));
        Assert.Equal([target], Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public async Task DownloadFileAsync_CheckpointUrl_ReturnsItsHash()
    {
        await ServerKit.PushCheckpointAsync(Server, BobToken, "PRT-1", "bob's state", CheckpointContexts.Manual);
        var checkpoint = await Alice.GetLatestCheckpointAsync("PRT-1");

        var sha = await Alice.DownloadFileAsync(checkpoint!.DownloadUrl!, Path.Combine(_dir, "cp.FCStd"));

        Assert.Equal(checkpoint.FileHash, sha);
    }

    [Fact]
    public async Task DownloadFileAsync_HashMismatch_ThrowsAndKeepsPreviousFile()
    {
        await ServerKit.AddRevisionAsync(Server, "PRT-1", "server bytes", release: true);
        var ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
        await Alice.CreateSubscriptionAsync(ws, SubscriptionTypes.Item, "PRT-1");
        var entry = Assert.Single((await Alice.GetSyncDiffAsync(ws)).Downloads);
        var target = Path.Combine(_dir, "PRT-1.FCStd");
        Directory.CreateDirectory(_dir);
        await File.WriteAllTextAsync(target, "previous");

        await Assert.ThrowsAsync<InvalidDataException>(() => Alice.DownloadFileAsync(entry.DownloadUrl!, target, new string('0', 64)));

        Assert.Equal("previous", await File.ReadAllTextAsync(target));
        Assert.Equal([target], Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task DownloadFileAsync_TamperedUrl_ThrowsAuthAndWritesNothing()
    {
        var (_, hash) = await ServerKit.AddRevisionAsync(Server, "PRT-1", "server bytes", release: true);
        var ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
        await Alice.CreateSubscriptionAsync(ws, SubscriptionTypes.Item, "PRT-1");
        var url = Assert.Single((await Alice.GetSyncDiffAsync(ws)).Downloads).DownloadUrl!;
        var tampered = url.Replace("sig=", "sig=00", StringComparison.Ordinal);

        await Assert.ThrowsAsync<AuthException>(() => Alice.DownloadFileAsync(tampered, Path.Combine(_dir, "x.FCStd"), hash));

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task DownloadFileAsync_ServerStopped_ThrowsUnavailableAndLeavesNoTempFile()
    {
        var (_, hash) = await ServerKit.AddRevisionAsync(Server, "PRT-1", "server bytes", release: true);
        var ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
        await Alice.CreateSubscriptionAsync(ws, SubscriptionTypes.Item, "PRT-1");
        var url = Assert.Single((await Alice.GetSyncDiffAsync(ws)).Downloads).DownloadUrl!;
        await Server.StopAsync();

        await Assert.ThrowsAsync<UnavailableException>(() => Alice.DownloadFileAsync(url, Path.Combine(_dir, "x.FCStd"), hash));

        Assert.Empty(Directory.GetFiles(_dir));
    }
}
