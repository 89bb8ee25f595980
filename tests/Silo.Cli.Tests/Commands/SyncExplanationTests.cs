using System.Net.Http.Json;
using Silo.Cli.Tests.Support;

namespace Silo.Cli.Tests.Commands;

/// <summary>A sync that downloads nothing says why, in words that lead to the fix.</summary>
public sealed class SyncExplanationTests : CliTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1", description: "Left mount");
        await LoginAsync(Alice);
    }

    [Fact]
    public async Task Sync_FollowingNothing_SaysHowToSubscribe()
    {
        var result = await Alice.RunAsync("sync");

        AssertOk(result);
        Assert.Contains("Sync: 0 downloaded", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("This workstation follows nothing yet: follow an item, project or category with 'silo subscribe item PRT-100'.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_OnlyUnreleasedRevisions_NamesTheRevisionToRelease()
    {
        await AddRevisionAsync("PRT-1", "left v1");
        await AddRevisionAsync("PRT-1", "left v2");
        AssertOk(await Alice.RunAsync("subscribe", "category", "Brackets"));

        var result = await Alice.RunAsync("sync");

        AssertOk(result);
        Assert.Contains("PRT-1: none of its revisions is released (latest: 2) and you follow released revisions only: release it ('silo release PRT-1 2')",
            result.Stdout, StringComparison.Ordinal);

        AssertOk(await Alice.RunAsync("release", "PRT-1", "2"));
        var after = await Alice.RunAsync("sync");
        AssertOk(after);
        Assert.Contains("Sync: 1 downloaded", after.Stdout, StringComparison.Ordinal);
        Assert.Equal("left v2", await File.ReadAllTextAsync(Alice.FileOf("PRT-1", description: "Left mount")));
    }

    [Fact]
    public async Task Sync_EverythingCurrent_SaysSo()
    {
        await AddRevisionAsync("PRT-1", "left v1", release: true);
        await Server.CreateItemAsync("PRT-2");
        AssertOk(await Alice.RunAsync("subscribe", "category", "Brackets"));
        AssertOk(await Alice.RunAsync("sync"));

        var result = await Alice.RunAsync("sync");

        AssertOk(result);
        Assert.Contains("Sync: 0 downloaded, 0 already in place", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Everything you follow is current (1 item(s)).", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("PRT-2: nothing has been committed to it yet.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_PinnedToMissingRevision_SaysWhichRevision()
    {
        await AddRevisionAsync("PRT-1", "left v1", release: true);
        AssertOk(await Alice.RunAsync("subscribe", "item", "PRT-1", "--policy", "pinned", "--revision", "4"));

        var result = await Alice.RunAsync("sync");

        AssertOk(result);
        Assert.Contains("PRT-1: you keep revision 4, which it does not have (its latest is 1).", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_AllPaused_SaysSo()
    {
        await AddRevisionAsync("PRT-1", "left v1", release: true);
        AssertOk(await Alice.RunAsync("subscribe", "item", "PRT-1"));
        var workstation = (await File.ReadAllTextAsync(Alice.WorkstationIdPath)).Trim();
        var subscription = (await GetJsonAsync($"/api/workstations/{workstation}/subscriptions", Alice.Token)).EnumerateArray().Single().GetProperty("id").GetString();
        using var client = Server.Client(Alice.Token);
        (await client.PatchAsync($"/api/subscriptions/{subscription}", JsonContent.Create(new { paused = true }))).EnsureSuccessStatusCode();

        var result = await Alice.RunAsync("sync");

        AssertOk(result);
        Assert.Contains("Every subscription of this workstation is paused.", result.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Alice.FileOf("PRT-1", description: "Left mount")));
    }
}
