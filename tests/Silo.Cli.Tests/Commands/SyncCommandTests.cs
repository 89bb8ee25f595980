using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Silo.Cli.Tests.Support;
using Silo.Protocol.Subscriptions;
using Silo.Testing;
using SiloMod.Core.Settings;
using SiloMod.Core.Sync;
using SiloMod.Core.Workbench;

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
    public async Task Sync_AfterAKilledSync_ClearsItsTempFilesAndKeepsTheFiles()
    {
        AssertOk(await Alice.RunAsync("sync"));
        var left = Alice.FileOf("PRT-1", description: "Left mount");
        var hex = Guid.NewGuid().ToString("N");
        var cutDownload = Path.Combine(Path.GetDirectoryName(left)!, $".{Path.GetFileName(left)}.{hex}.part");
        var cutStateWrite = Path.Combine(Alice.Workspace, ".silo", $".sync-state.json.{hex}.tmp");
        await File.WriteAllTextAsync(cutDownload, "half a download");
        await File.WriteAllTextAsync(cutStateWrite, "{");

        AssertOk(await Alice.RunAsync("sync"));

        Assert.False(File.Exists(cutDownload));
        Assert.False(File.Exists(cutStateWrite));
        Assert.Equal("left v1", await File.ReadAllTextAsync(left));
    }

    [Fact]
    public async Task Sync_WhileAnotherCommandHoldsTheWorkspace_LeavesItsTempFiles()
    {
        AssertOk(await Alice.RunAsync("sync"));
        var left = Alice.FileOf("PRT-1", description: "Left mount");
        var inFlight = Path.Combine(Path.GetDirectoryName(left)!, $".{Path.GetFileName(left)}.{Guid.NewGuid():N}.part");
        await File.WriteAllTextAsync(inFlight, "another command's download");

        using (new FileStream(Path.Combine(Alice.Workspace, ".silo", "core.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            AssertOk(await Alice.RunAsync("sync"));

        Assert.True(File.Exists(inFlight));
        AssertOk(await Alice.RunAsync("sync"));
        Assert.False(File.Exists(inFlight));
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

    [Fact]
    public async Task Sync_SameSubscriptionsAsTheWorkbench_WritesTheSameRecords()
    {
        AssertOk(await Alice.RunAsync("subscribe", "item", "PRT-2", "--policy", "latest"));
        await PushCheckpointAsync("PRT-2", "bob's right mount", Bob);
        AssertOk(await Alice.RunAsync("sync"));
        var cliFolder = Path.Combine(Alice.Workspace, ".silo");
        var (cliState, cliLineage) = (Content(Path.Combine(cliFolder, SyncRecords.StateFileName)), Content(Path.Combine(cliFolder, SyncRecords.LineageFileName)));
        // The workbench then syncs into the very same folder, so both records name the same paths.
        Directory.Move(Alice.Workspace, Alice.Workspace + "-cli");

        var stateFolder = Path.Combine(Alice.Home, "workbench");
        await using (var core = await StartWorkbenchAsync(stateFolder, Alice.Workspace))
        {
            await core.SubscribeAsync(SubscriptionTypes.Category, "Brackets", RevisionPolicies.LatestReleased);
            await core.SubscribeAsync(SubscriptionTypes.Item, "PRT-2", RevisionPolicies.Latest);
            await core.SyncNowAsync();
        }

        Assert.Equal(cliState, Content(Path.Combine(stateFolder, SyncRecords.StateFileName)));
        Assert.Equal(cliLineage, Content(Path.Combine(stateFolder, SyncRecords.LineageFileName)));
        var files = JsonNode.Parse(cliState)!["files"]!.AsObject();
        Assert.Equal(["PRT-1", "PRT-2"], files.Select(f => f.Key));
        Assert.Equal(1, files["PRT-1"]!["revision"]!.GetValue<int>());
        Assert.True(files["PRT-2"]!["is_checkpoint"]!.GetValue<bool>());
        Assert.Equal("bob's right mount", await File.ReadAllTextAsync(Alice.FileOf("PRT-2", description: "Right mount")));
    }

    [Fact]
    public async Task Sync_AfterALocalEdit_TellsTheServerWhatTheWorkbenchTellsIt()
    {
        var stateFolder = Path.Combine(Alice.Home, "workbench");
        var projects = Path.Combine(Alice.Home, "projects");
        await using var core = await StartWorkbenchAsync(stateFolder, projects);
        await core.SubscribeAsync(SubscriptionTypes.Category, "Brackets", RevisionPolicies.LatestReleased);
        AssertOk(await Alice.RunAsync("sync"));
        await core.SyncNowAsync();

        // An edit nobody pushed: both still hold the version they downloaded, and say so.
        await File.WriteAllTextAsync(Alice.FileOf("PRT-1", description: "Left mount"), "alice's edit");
        await File.WriteAllTextAsync(Path.Combine(projects, "Brackets", "PRT-1_Left mount.FCStd"), "alice's edit");
        AssertOk(await Alice.RunAsync("sync"));
        await core.SyncNowAsync();

        var cliHeld = await HeldAsync(_workstation);
        Assert.Equal(cliHeld, await HeldAsync(core.Identity.WorkstationId));
        var left = JsonNode.Parse(cliHeld)!.AsArray().Single(e => e!["part_number"]!.GetValue<string>() == "PRT-1")!;
        Assert.Equal(Sha256("left v1"), left["file_hash"]!.GetValue<string>());
    }

    private async Task<WorkbenchCore> StartWorkbenchAsync(string stateFolder, string projects) =>
        await WorkbenchCore.StartAsync(new WorkbenchOptions(Server.BaseAddress, Alice.Token, stateFolder, projects)
        {
            // Only the syncs the test asks for, none of the workbench's own on connecting or on events.
            Settings = SiloModSettings.Default with { SubscriptionAutoSync = false, SubscriptionSyncOnConnect = false },
        });

    /// <summary>
    /// What the server records the workstation as holding, as the sync diff lists it once the
    /// workstation follows nothing: one removal per held item, with the hash and version it reported or acknowledged.
    /// </summary>
    private async Task<string> HeldAsync(string workstation)
    {
        using var client = Server.Client(Alice.Token);
        var subscriptions = await HttpAssert.JsonAsync(await client.GetAsync($"/api/workstations/{workstation}/subscriptions"), HttpStatusCode.OK);
        foreach (var subscription in subscriptions.EnumerateArray())
            (await client.DeleteAsync($"/api/subscriptions/{subscription.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        var diff = await GetJsonAsync($"/api/workstations/{workstation}/sync-diff", Alice.Token);
        var removals = diff.GetProperty("removals").EnumerateArray().OrderBy(e => e.GetProperty("part_number").GetString(), StringComparer.Ordinal);
        return JsonSerializer.Serialize(removals);
    }

    /// <summary>A records file with what only says when it was written left out (times, the event stream's position), keys sorted.</summary>
    private static string Content(string path) => Normalized(JsonNode.Parse(File.ReadAllText(path)))?.ToJsonString() ?? "null";

    private static JsonNode? Normalized(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o
            .Where(p => p.Key is not ("synced_at" or "recordedAt" or "last_event_id"))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Normalized(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Normalized)]),
        _ => node?.DeepClone(),
    };
}
