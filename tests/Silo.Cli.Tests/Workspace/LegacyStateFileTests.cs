using System.Text.Json.Nodes;
using Silo.Cli.Tests.Support;
using SiloMod.Core.Sync;

namespace Silo.Cli.Tests.Workspace;

public sealed class LegacyStateFileTests : CliTestBase
{
    [Fact]
    public async Task MigrateInto_StateFileOfAnOlderSilo_KeepsWhatEachFileWasMadeFrom()
    {
        await Server.CreateItemAsync("PRT-1");
        await AddRevisionAsync("PRT-1", "revision one");
        await LoginAsync(Alice);
        // What an older silo left after checking out revision 1 and editing nothing.
        var file = Alice.FileOf("PRT-1");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "revision one");
        var folder = Path.Combine(Alice.Workspace, ".silo");
        Directory.CreateDirectory(folder);
        var old = new JsonObject
        {
            ["items"] = new JsonObject
            {
                ["PRT-1"] = new JsonObject
                {
                    ["path"] = file, ["sha256"] = Sha256("revision one"), ["revision"] = 1, ["recorded_at"] = "2026-01-05T09:00:00+00:00", ["version"] = 1,
                },
            },
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "state.json"), old.ToJsonString());
        await AddRevisionAsync("PRT-1", "revision two");

        var result = await Alice.RunAsync("status");

        AssertOk(result);
        Assert.Matches(@"PRT-1  the server has a newer version, admin's revision 2 of .*, than your revision 1", result.Stdout);
        Assert.DoesNotContain("Changed locally", result.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "state.json")));
        Assert.True(File.Exists(Path.Combine(folder, "state.json.migrated")));
        var held = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, SyncRecords.StateFileName)))!["files"]!["PRT-1"]!;
        Assert.Equal(Sha256("revision one"), held["file_hash"]!.GetValue<string>());
        Assert.Equal(1, held["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task MigrateInto_DamagedStateFile_SaysWhichAndKeepsIt()
    {
        await LoginAsync(Alice);
        var old = Path.Combine(Alice.Workspace, ".silo", "state.json");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        await File.WriteAllTextAsync(old, "{ \"items\": [ cut off");

        var result = await Alice.RunAsync("status");

        AssertFailure(result, 9, "is damaged");
        Assert.Equal("{ \"items\": [ cut off", await File.ReadAllTextAsync(old));
    }
}
