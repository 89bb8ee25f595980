using Silo.Cli.Tests.Support;
using Silo.Testing;

namespace Silo.Cli.Tests.Commands;

public sealed class CommitCommandTests : CliTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1");
        await LoginAsync(Alice);
        await LoginAsync(Bob);
    }

    private async Task<string> LocalFileAsync(CliUser user, string content)
    {
        var path = Path.Combine(user.Home, "draft.FCStd");
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    [Fact]
    public async Task Commit_LockedByOther_RefusedNamingHolderAndNothingStored()
    {
        await LockAsync(Bob, "PRT-1");
        var file = await LocalFileAsync(Alice, "alice's version");

        var result = await Alice.RunAsync("commit", "PRT-1", file, "-m", "mine");

        AssertFailure(result, 6, "PRT-1 is locked by bob since");
        Assert.Contains("ask them to unlock it", result.Stderr, StringComparison.Ordinal);
        Assert.Empty((await GetJsonAsync("/api/items/PRT-1/revisions")).EnumerateArray());
        Assert.Equal("bob", await LockHolderAsync("PRT-1"));
    }

    [Fact]
    public async Task Commit_NobodyHoldsLock_WarnsAndCommits()
    {
        var file = await LocalFileAsync(Alice, "first version");

        var result = await Alice.RunAsync("commit", "PRT-1", file, "-m", "first");

        AssertOk(result);
        Assert.Contains("warning: you do not hold the lock on PRT-1", result.Stderr, StringComparison.Ordinal);
        var revision = Assert.Single((await GetJsonAsync("/api/items/PRT-1/revisions")).EnumerateArray());
        Assert.Equal(Sha256("first version"), revision.GetProperty("file_hash").GetString());
    }

    [Fact]
    public async Task Commit_KeepLock_CommitsAndKeepsLock()
    {
        AssertOk(await Alice.RunAsync("lock", "PRT-1"));
        var file = await LocalFileAsync(Alice, "work in progress");

        var result = await Alice.RunAsync("commit", "PRT-1", file, "-m", "wip", "--keep-lock");

        AssertOk(result);
        Assert.Contains("lock kept", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("alice", await LockHolderAsync("PRT-1"));
        Assert.Single((await GetJsonAsync("/api/items/PRT-1/revisions")).EnumerateArray());
    }

    [Fact]
    public async Task Commit_NoFileInWorkspace_ExitsLocalFile()
    {
        var result = await Alice.RunAsync("commit", "PRT-1", "-m", "nothing");

        AssertFailure(result, 9, "does not exist");
        Assert.Empty((await GetJsonAsync("/api/items/PRT-1/revisions")).EnumerateArray());
    }

    [Fact]
    public async Task Commit_UploadBroken_KeepsLockAndMakesNoRevision()
    {
        AssertOk(await Alice.RunAsync("lock", "PRT-1"));
        var file = await LocalFileAsync(Alice, new string('q', 200_000));
        await using var proxy = FaultProxy.Start(Server.BaseAddress);
        await LoginAsync(Alice, proxy.BaseAddress.ToString());
        proxy.DropConnections(method: "POST", path: "/api/items/PRT-1/file");

        var result = await Alice.RunAsync("commit", "PRT-1", file, "-m", "lost on the way");

        AssertFailure(result, 8, "api/items/PRT-1/file");
        Assert.Equal("alice", await LockHolderAsync("PRT-1"));
        Assert.Empty((await GetJsonAsync("/api/items/PRT-1/revisions")).EnumerateArray());
    }
}
