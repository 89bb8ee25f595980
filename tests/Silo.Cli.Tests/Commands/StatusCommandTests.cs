using Silo.Cli.Tests.Support;

namespace Silo.Cli.Tests.Commands;

public sealed class StatusCommandTests : CliTestBase
{
    [Fact]
    public async Task Status_MixedWorkspace_ListsHeldLocksChangesStaleFilesAndOthersLocks()
    {
        foreach (var pn in new[] { "PRT-1", "PRT-2", "PRT-3" })
        {
            await Server.CreateItemAsync(pn);
            await AddRevisionAsync(pn, pn + " revision one");
        }
        await LoginAsync(Alice);
        await LoginAsync(Bob);
        AssertOk(await Alice.RunAsync("checkout", "PRT-1"));
        AssertOk(await Alice.RunAsync("checkout", "PRT-2", "--read-only"));
        AssertOk(await Alice.RunAsync("checkout", "PRT-3", "--read-only"));
        await File.WriteAllTextAsync(Alice.FileOf("PRT-1"), "alice's edit");
        await AddRevisionAsync("PRT-2", "PRT-2 revision two");
        await File.WriteAllTextAsync(Alice.FileOf("PRT-3"), "alice edits what bob holds");
        AssertOk(await Bob.RunAsync("lock", "PRT-3"));

        var result = await Alice.RunAsync("status");

        AssertOk(result);
        var output = result.Stdout;
        Assert.Matches(@"Locks you hold:\n  PRT-1  until ", output.Replace("\r", "", StringComparison.Ordinal));
        Assert.Contains("Changed locally:\n  PRT-1  " + Alice.FileOf("PRT-1") + "\n  PRT-3", output.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Matches(@"PRT-2  the server has a newer version, admin's revision 2 of [0-9: -]+ UTC[0-9:+-]*, than your revision 1", output);
        Assert.Contains("PRT-3  locked by bob since", output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRT-1  locked by", output, StringComparison.Ordinal);
        Assert.Contains($"warning: you changed {Alice.FileOf("PRT-3")}, but PRT-3 is locked by bob", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_EmptyWorkspace_SaysNothingToReport()
    {
        await LoginAsync(Alice);

        var result = await Alice.RunAsync("status");

        AssertOk(result);
        Assert.Contains("Nothing to report", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_CheckpointNewerThanLocalCopy_ListsItOutOfDate()
    {
        await Server.CreateItemAsync("PRT-1");
        await AddRevisionAsync("PRT-1", "revision one");
        await LoginAsync(Alice);
        AssertOk(await Alice.RunAsync("checkout", "PRT-1", "--read-only"));
        await PushCheckpointAsync("PRT-1", "bob's body", Bob);

        var result = await Alice.RunAsync("status");

        AssertOk(result);
        Assert.Matches(@"Out of date:\n  PRT-1  the server has a newer version, bob's checkpoint body_close of [0-9: -]+ UTC[0-9:+-]*, than your revision 1",
            result.Stdout.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_CheckedOutItemASyncNoLongerHolds_StillListsItsChanges()
    {
        await Server.CreateItemAsync("PRT-1");
        await AddRevisionAsync("PRT-1", "revision one");
        await LoginAsync(Alice);
        AssertOk(await Alice.RunAsync("checkout", "PRT-1", "--read-only"));
        await File.WriteAllTextAsync(Alice.FileOf("PRT-1"), "alice's edit");
        // No subscription covers the item: the sync stops holding it, the file and its base stay.
        Assert.Contains("no longer subscribed: PRT-1", (await Alice.RunAsync("sync")).Stdout, StringComparison.Ordinal);
        await AddRevisionAsync("PRT-1", "revision two");

        var result = await Alice.RunAsync("status");

        AssertOk(result);
        var output = result.Stdout.Replace("\r", "", StringComparison.Ordinal);
        Assert.Contains("Changed locally:\n  PRT-1  " + Alice.FileOf("PRT-1"), output, StringComparison.Ordinal);
        Assert.Matches(@"PRT-1  the server has a newer version, admin's revision 2 of .*, than your revision", output);
        Assert.DoesNotContain("no longer subscribed: PRT-1", (await Alice.RunAsync("sync")).Stdout, StringComparison.Ordinal);
    }
}
