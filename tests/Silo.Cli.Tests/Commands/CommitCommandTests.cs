using System.Text.Json;
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

    [Fact]
    public async Task Commit_HeadMovedSinceCheckout_RefusedNamingTheNewerVersionAndNothingStored()
    {
        await AddRevisionAsync("PRT-1", "revision one");
        AssertOk(await Alice.RunAsync("checkout", "PRT-1", "--read-only"));
        await PushCheckpointAsync("PRT-1", "bob's body", Bob);
        await File.WriteAllTextAsync(Alice.FileOf("PRT-1"), "alice's edit of revision one");

        var result = await Alice.RunAsync("commit", "PRT-1", "-m", "mine");

        AssertFailure(result, 6, "PRT-1 has a newer version, bob's checkpoint body_close of ");
        Assert.Contains("--overwrite", result.Stderr, StringComparison.Ordinal);
        Assert.Single((await GetJsonAsync("/api/items/PRT-1/revisions")).EnumerateArray());
        Assert.Equal(Sha256("bob's body"), (await GetJsonAsync("/api/items/PRT-1")).GetProperty("head").GetProperty("file_hash").GetString());
    }

    [Fact]
    public async Task Commit_Overwrite_ReplacesTheNewerVersionWhichStaysOnTheServer()
    {
        await AddRevisionAsync("PRT-1", "revision one");
        AssertOk(await Alice.RunAsync("checkout", "PRT-1", "--read-only"));
        var bobs = await PushCheckpointAsync("PRT-1", "bob's body", Bob);
        await File.WriteAllTextAsync(Alice.FileOf("PRT-1"), "alice's edit of revision one");

        var result = await Alice.RunAsync("commit", "PRT-1", "-m", "mine wins", "--overwrite");

        AssertOk(result);
        Assert.Contains("replaced bob's checkpoint body_close", result.Stdout, StringComparison.Ordinal);
        var newest = (await GetJsonAsync("/api/items/PRT-1/versions")).EnumerateArray().First();
        Assert.Equal((2, Sha256("alice's edit of revision one")), (newest.GetProperty("revision").GetInt32(), newest.GetProperty("file_hash").GetString()));
        Assert.Equal(bobs, newest.GetProperty("replaced").GetProperty("id").GetString());
        Assert.Equal(1, newest.GetProperty("base").GetProperty("version").GetInt64());
        Assert.Equal(Sha256("bob's body"), (await GetJsonAsync($"/api/items/PRT-1/checkpoints/{bobs}")).GetProperty("file_hash").GetString());
    }

    [Fact]
    public async Task Commit_AfterCheckingOutACheckpointHead_BuildsOnIt()
    {
        await AddRevisionAsync("PRT-1", "revision one");
        await PushCheckpointAsync("PRT-1", "bob's body", Bob);
        AssertOk(await Alice.RunAsync("checkout", "PRT-1"));
        Assert.Equal("bob's body", await File.ReadAllTextAsync(Alice.FileOf("PRT-1")));
        await File.WriteAllTextAsync(Alice.FileOf("PRT-1"), "bob's body, then alice's chamfer");

        var result = await Alice.RunAsync("commit", "PRT-1", "-m", "chamfer");

        AssertOk(result);
        var newest = (await GetJsonAsync("/api/items/PRT-1/versions")).EnumerateArray().First();
        Assert.Equal("checkpoint", newest.GetProperty("base").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("replaced").ValueKind);
    }
}
