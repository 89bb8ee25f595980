using System.Net;
using Silo.Cli.Tests.Support;
using Silo.Testing;

namespace Silo.Cli.Tests.Commands;

public sealed class SyncCommandTests : CliTestBase
{
    private string _workstation = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1", description: "Left mount");
        await Server.CreateItemAsync("PRT-2", description: "Right mount");
        await Server.CreateItemAsync("PLT-1", category: "Plates");
        await AddRevisionAsync("PRT-1", "left v1", release: true);
        await AddRevisionAsync("PRT-2", "right v1", release: true);
        await AddRevisionAsync("PLT-1", "plate v1", release: true);
        await LoginAsync(Alice);
        AssertOk(await Alice.RunAsync("subscribe", "category", "Brackets"));
        _workstation = (await File.ReadAllTextAsync(Alice.WorkstationIdPath)).Trim();
    }

    private async Task<int> PendingAsync()
    {
        var diff = await GetJsonAsync($"/api/workstations/{_workstation}/sync-diff", Alice.Token);
        return diff.GetProperty("downloads").GetArrayLength() + diff.GetProperty("updates").GetArrayLength();
    }

    [Fact]
    public async Task Sync_SubscribedCategory_DownloadsEachFileAndAcknowledgesIt()
    {
        var result = await Alice.RunAsync("sync");

        AssertOk(result);
        Assert.Equal("left v1", await File.ReadAllTextAsync(Alice.FileOf("PRT-1", description: "Left mount")));
        Assert.Equal("right v1", await File.ReadAllTextAsync(Alice.FileOf("PRT-2", description: "Right mount")));
        Assert.False(Directory.Exists(Path.Combine(Alice.Workspace, "Plates")));
        Assert.Contains("Sync: 2 downloaded", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("downloaded PRT-1 revision 1 to", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Stdout);
        Assert.Equal(0, await PendingAsync());
        var workstation = Assert.Single((await GetJsonAsync("/api/workstations", Alice.Token)).EnumerateArray());
        Assert.Equal(_workstation, workstation.GetProperty("id").GetString());
        Assert.Equal($"{Environment.MachineName} (silo)", workstation.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Sync_LocallyChangedFile_ReportsConflictKeepsFileAndUpdatesTheRest()
    {
        AssertOk(await Alice.RunAsync("sync"));
        var left = Alice.FileOf("PRT-1", description: "Left mount");
        await File.WriteAllTextAsync(left, "alice's local change");
        await AddRevisionAsync("PRT-1", "left v2", release: true);
        await AddRevisionAsync("PRT-2", "right v2", release: true);

        var result = await Alice.RunAsync("sync");

        AssertFailure(result, 11, "PRT-1");
        Assert.Contains($"conflict: {left} has local changes", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("alice's local change", await File.ReadAllTextAsync(left));
        Assert.Equal("right v2", await File.ReadAllTextAsync(Alice.FileOf("PRT-2", description: "Right mount")));
        Assert.Equal(1, await PendingAsync());
    }

    [Fact]
    public async Task Sync_UnknownFileAtCanonicalPath_IsNotOverwritten()
    {
        var left = Alice.FileOf("PRT-1", description: "Left mount");
        Directory.CreateDirectory(Path.GetDirectoryName(left)!);
        await File.WriteAllTextAsync(left, "made by hand");

        var result = await Alice.RunAsync("sync");

        Assert.Equal(11, result.ExitCode);
        Assert.Equal("made by hand", await File.ReadAllTextAsync(left));
        Assert.Equal("right v1", await File.ReadAllTextAsync(Alice.FileOf("PRT-2", description: "Right mount")));
    }

    [Fact]
    public async Task Sync_UnsubscribedAfterwards_ListsRemovalAndKeepsFile()
    {
        AssertOk(await Alice.RunAsync("sync"));
        using var client = Server.Client(Alice.Token);
        var subscriptions = await HttpAssert.JsonAsync(await client.GetAsync($"/api/workstations/{_workstation}/subscriptions"), HttpStatusCode.OK);
        var id = subscriptions.EnumerateArray().Single().GetProperty("id").GetString();
        (await client.DeleteAsync($"/api/subscriptions/{id}")).EnsureSuccessStatusCode();

        var result = await Alice.RunAsync("sync");

        AssertOk(result);
        Assert.Contains("no longer subscribed: PRT-1", result.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Alice.FileOf("PRT-1", description: "Left mount")));
    }

    [Fact]
    public async Task Sync_PolicyNowAsksForAnOlderVersion_LeavesTheNewerCopyAndSaysSo()
    {
        using var client = Server.Client(Alice.Token);
        var latest = await HttpAssert.JsonAsync(await client.PostJsonAsync($"/api/workstations/{_workstation}/subscriptions",
            new { type = "item", target = "PRT-1", revision_policy = "latest" }), HttpStatusCode.Created);
        await PushCheckpointAsync("PRT-1", "bob's newer left mount", Bob);
        AssertOk(await Alice.RunAsync("sync"));
        Assert.Equal("bob's newer left mount", await File.ReadAllTextAsync(Alice.FileOf("PRT-1", description: "Left mount")));

        // Back to the category's latest released revision: an older version than the copy holds.
        (await client.DeleteAsync($"/api/subscriptions/{latest.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        var result = await Alice.RunAsync("sync");

        Assert.Equal(11, result.ExitCode);
        Assert.Contains("is a newer version than PRT-1 revision 1", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("bob's newer left mount", await File.ReadAllTextAsync(Alice.FileOf("PRT-1", description: "Left mount")));
    }
}
