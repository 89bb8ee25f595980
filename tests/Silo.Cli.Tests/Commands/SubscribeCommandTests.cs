using Silo.Cli.Tests.Support;

namespace Silo.Cli.Tests.Commands;

/// <summary>subscribe, unsubscribe and subscriptions: what silo's own workstation follows.</summary>
public sealed class SubscribeCommandTests : CliTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1");
        await LoginAsync(Alice);
    }

    private async Task<List<(string Type, string Target, string Policy)>> FollowedAsync()
    {
        var workstation = (await File.ReadAllTextAsync(Alice.WorkstationIdPath)).Trim();
        return (await GetJsonAsync($"/api/workstations/{workstation}/subscriptions", Alice.Token)).EnumerateArray()
            .Select(s => (s.GetProperty("type").GetString()!, s.GetProperty("target").GetString()!, s.GetProperty("revision_policy").GetString()!))
            .ToList();
    }

    [Fact]
    public async Task Subscribe_ItemAndCategory_ListedBySubscriptions()
    {
        var item = await Alice.RunAsync("subscribe", "item", "prt-1", "--policy", "latest");
        AssertOk(await Alice.RunAsync("subscribe", "category", "Plates"));

        AssertOk(item);
        Assert.Equal("Following item PRT-1 (newest revision or finished checkpoint); run 'silo sync' to download", item.Stdout.Trim());
        Assert.Equal([("category", "Plates", "latest_released"), ("item", "PRT-1", "latest")], (await FollowedAsync()).Order());
        var list = await Alice.RunAsync("subscriptions");
        AssertOk(list);
        var lines = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("type\ttarget\tgets\tpaused\tlast sync", lines[0], StringComparison.Ordinal);
        Assert.Equal("item\tPRT-1\tnewest revision or finished checkpoint\tno\tnever", lines[1]);
        Assert.Equal("category\tPlates\tlatest released revision\tno\tnever", lines[2]);
    }

    [Fact]
    public async Task Subscribe_AgainWithAnotherPolicy_ChangesTheSubscription()
    {
        AssertOk(await Alice.RunAsync("subscribe", "item", "PRT-1"));

        var again = await Alice.RunAsync("subscribe", "item", "PRT-1", "--policy", "pinned", "--revision", "3");
        var same = await Alice.RunAsync("subscribe", "item", "PRT-1", "--policy", "pinned", "--revision", "3");

        AssertOk(again);
        Assert.Contains("Now following item PRT-1 (revision 3 only; was latest released revision)", again.Stdout, StringComparison.Ordinal);
        AssertOk(same);
        Assert.Equal("Already following item PRT-1 (revision 3 only)", same.Stdout.Trim());
        Assert.Equal([("item", "PRT-1", "pinned")], await FollowedAsync());
    }

    [Fact]
    public async Task Subscribe_UnknownItem_NamesItAndFollowsNothing()
    {
        var result = await Alice.RunAsync("subscribe", "item", "NOPE-1");

        AssertFailure(result, 7, "No item with part number 'NOPE-1'");
        Assert.Empty(await FollowedAsync());
    }

    [Fact]
    public async Task Subscribe_UnknownType_IsAUsageError()
    {
        var result = await Alice.RunAsync("subscribe", "folder", "PRT-1");

        AssertFailure(result, 2, "folder");
    }

    [Fact]
    public async Task Unsubscribe_Followed_StopsFollowingAndKeepsTheFile()
    {
        await AddRevisionAsync("PRT-1", "v1", release: true);
        AssertOk(await Alice.RunAsync("subscribe", "item", "PRT-1"));
        AssertOk(await Alice.RunAsync("sync"));

        var result = await Alice.RunAsync("unsubscribe", "item", "prt-1");

        AssertOk(result);
        Assert.Equal("No longer following item PRT-1; its files stay in the workspace", result.Stdout.Trim());
        Assert.Empty(await FollowedAsync());
        Assert.Equal("v1", await File.ReadAllTextAsync(Alice.FileOf("PRT-1")));
    }

    [Fact]
    public async Task Unsubscribe_NotFollowed_SaysSo()
    {
        var result = await Alice.RunAsync("unsubscribe", "project", "Rover");

        AssertFailure(result, 5, "does not follow project Rover");
    }

    [Fact]
    public async Task Subscriptions_None_SaysHowToFollow()
    {
        var result = await Alice.RunAsync("subscriptions");

        AssertOk(result);
        Assert.Equal("This workstation follows nothing yet: follow an item, project or category with 'silo subscribe item PRT-100'.", result.Stdout.Trim());
    }
}
