using Silo.Cli.Tests.Support;
using Silo.Testing;

namespace Silo.Cli.Tests.Commands;

public sealed class CheckoutCommandTests : CliTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1");
        await LoginAsync(Alice);
        await LoginAsync(Bob);
    }

    [Fact]
    public async Task CheckoutEditCommit_Holder_CommitsNewRevisionAndReleasesLock()
    {
        await AddRevisionAsync("PRT-1", "revision one");
        var file = Alice.FileOf("PRT-1");

        var checkout = await Alice.RunAsync("checkout", "PRT-1");

        AssertOk(checkout);
        Assert.Equal("revision one", await File.ReadAllTextAsync(file));
        Assert.Equal("alice", await LockHolderAsync("PRT-1"));

        await File.WriteAllTextAsync(file, "revision two, with a chamfer");
        var commit = await Alice.RunAsync("commit", "PRT-1", "-m", "chamfer the edge");

        AssertOk(commit);
        Assert.Contains("revision 2", commit.Stdout, StringComparison.Ordinal);
        Assert.Contains("lock released", commit.Stdout, StringComparison.Ordinal);
        Assert.Null(await LockHolderAsync("PRT-1"));
        var revisions = (await GetJsonAsync("/api/items/PRT-1/revisions")).EnumerateArray().ToList();
        Assert.Equal(2, revisions.Count);
        Assert.Equal(Sha256("revision two, with a chamfer"), revisions[1].GetProperty("file_hash").GetString());
        Assert.Equal("chamfer the edge", revisions[1].GetProperty("comment").GetString());
        Assert.Equal("alice", revisions[1].GetProperty("created_by").GetString());
    }

    [Fact]
    public async Task Checkout_LockedByOther_RefusesNamingHolderAndWritesNothing()
    {
        await AddRevisionAsync("PRT-1", "revision one");
        await LockAsync(Bob, "PRT-1");

        var result = await Alice.RunAsync("checkout", "PRT-1");

        AssertFailure(result, 6, "PRT-1 is locked by bob since");
        Assert.False(File.Exists(Alice.FileOf("PRT-1")));
        Assert.Equal("bob", await LockHolderAsync("PRT-1"));
    }

    [Fact]
    public async Task Checkout_ReadOnlyWhileLockedByOther_DownloadsWithWarningAndTakesNoLock()
    {
        await AddRevisionAsync("PRT-1", "revision one");
        await LockAsync(Bob, "PRT-1");

        var result = await Alice.RunAsync("checkout", "PRT-1", "--read-only");

        AssertOk(result);
        Assert.Contains("warning: PRT-1 is locked by bob", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("revision one", await File.ReadAllTextAsync(Alice.FileOf("PRT-1")));
        Assert.Equal("bob", await LockHolderAsync("PRT-1"));
    }

    [Fact]
    public async Task Checkout_NoRevisionsYet_TakesLockAndSaysThereIsNoFile()
    {
        var result = await Alice.RunAsync("checkout", "PRT-1");

        AssertOk(result);
        Assert.Contains("no file yet", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("alice", await LockHolderAsync("PRT-1"));
        Assert.False(File.Exists(Alice.FileOf("PRT-1")));
    }

    [Fact]
    public async Task Checkout_UnknownItem_ExitsNotFound()
    {
        var result = await Alice.RunAsync("checkout", "NOPE-9");

        AssertFailure(result, 5, "NOPE-9");
    }

    [Fact]
    public async Task Checkout_ConnectionCutMidDownload_LeavesNoFileNoTempFileAndNoLock()
    {
        await AddRevisionAsync("PRT-1", new string('z', 300_000));
        await using var proxy = FaultProxy.Start(Server.BaseAddress);
        await LoginAsync(Alice, proxy.BaseAddress.ToString());
        // Headers and the first part of the body get through, then the connection is reset.
        proxy.DropResponses(afterBytes: 20_000, method: "GET", path: "/api/items/PRT-1/file");

        var result = await Alice.RunAsync("checkout", "PRT-1");

        AssertFailure(result, 8, "connection");
        Assert.Equal("Cut", Assert.Single(proxy.RequestsTo("GET", "/api/items/PRT-1/file")).Fault);
        var folder = Path.GetDirectoryName(Alice.FileOf("PRT-1"))!;
        Assert.True(!Directory.Exists(folder) || Directory.GetFileSystemEntries(folder).Length == 0,
            "left behind: " + string.Join(", ", Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder) : []));
        Assert.Null(await LockHolderAsync("PRT-1"));
    }

    [Fact]
    public async Task Checkout_CtrlCWhileDownloading_PrintsOneLineAndLeavesNoFileNoLock()
    {
        await AddRevisionAsync("PRT-1", "revision one");
        await using var proxy = FaultProxy.Start(Server.BaseAddress);
        await LoginAsync(Alice, proxy.BaseAddress.ToString());
        proxy.Stall(method: "GET", path: "/api/items/PRT-1/file");

        var result = await Alice.RunInterruptedAsync(async () =>
        {
            while (proxy.RequestsTo("GET", "/api/items/PRT-1/file").Count == 0) await Task.Delay(20);
        }, "checkout", "PRT-1");

        AssertFailure(result, 130, "cancelled");
        Assert.Equal("silo: cancelled", Assert.Single(result.StderrLines));
        Assert.False(File.Exists(Alice.FileOf("PRT-1")));
        Assert.Null(await LockHolderAsync("PRT-1"));
    }

    [Fact]
    public async Task Checkout_LocalChangesOnOlderRevision_RefusesAndKeepsFile()
    {
        await AddRevisionAsync("PRT-1", "revision one");
        AssertOk(await Alice.RunAsync("checkout", "PRT-1"));
        AssertOk(await Alice.RunAsync("unlock", "PRT-1"));
        await File.WriteAllTextAsync(Alice.FileOf("PRT-1"), "alice's unsaved idea");
        await AddRevisionAsync("PRT-1", "revision two");

        var result = await Alice.RunAsync("checkout", "PRT-1");

        AssertFailure(result, 11, "local changes");
        Assert.Equal("alice's unsaved idea", await File.ReadAllTextAsync(Alice.FileOf("PRT-1")));
        Assert.Null(await LockHolderAsync("PRT-1"));
    }
}
