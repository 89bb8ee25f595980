using Silo.Cli.Tests.Support;

namespace Silo.Cli.Tests.Commands;

public sealed class ReleaseCommandTests : CliTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1");
        await AddRevisionAsync("PRT-1", "draft one");
        await LoginAsync(Alice);
    }

    [Fact]
    public async Task Release_Draft_IsReleasedAndReachesReleasedSubscribers()
    {
        await LoginAsync(Bob);
        AssertOk(await Bob.RunAsync("subscribe", "item", "PRT-1"));
        Assert.Contains("Sync: 0 downloaded", (await Bob.RunAsync("sync")).Stdout, StringComparison.Ordinal);

        var result = await Alice.RunAsync("release", "PRT-1", "1");

        AssertOk(result);
        Assert.Equal("Released PRT-1 revision 1", result.Stdout.Trim());
        Assert.Equal("released", (await GetJsonAsync("/api/items/PRT-1/revisions/1")).GetProperty("status").GetString());
        var sync = await Bob.RunAsync("sync");
        AssertOk(sync);
        Assert.Contains("Sync: 1 downloaded", sync.Stdout, StringComparison.Ordinal);
        Assert.Equal("draft one", await File.ReadAllTextAsync(Bob.FileOf("PRT-1")));
    }

    [Fact]
    public async Task Release_AlreadyReleased_SaysReleasedAgain()
    {
        AssertOk(await Alice.RunAsync("release", "PRT-1", "1"));

        var again = await Alice.RunAsync("release", "PRT-1", "1");

        AssertOk(again);
        Assert.Equal("Released PRT-1 revision 1", again.Stdout.Trim());
    }

    [Fact]
    public async Task Release_NoSuchRevision_NotFound()
    {
        var result = await Alice.RunAsync("release", "PRT-1", "7");

        AssertFailure(result, 5, "7");
    }

    [Fact]
    public async Task Release_WhileBobHoldsTheLock_NamesBobAndReleasesNothing()
    {
        await LockAsync(Bob, "PRT-1");

        var result = await Alice.RunAsync("release", "PRT-1", "1");

        AssertFailure(result, 6, "bob");
        Assert.Equal("draft", (await GetJsonAsync("/api/items/PRT-1/revisions/1")).GetProperty("status").GetString());
    }
}
