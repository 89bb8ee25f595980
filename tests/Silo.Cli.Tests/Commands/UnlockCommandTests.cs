using Silo.Cli.Tests.Support;

namespace Silo.Cli.Tests.Commands;

public sealed class UnlockCommandTests : CliTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1");
        await LoginAsync(Alice);
        await LoginAsync(Bob);
        await LoginAsync(Admin);
    }

    [Fact]
    public async Task Unlock_AdminForceWithReason_ReleasesAndRecordsReason()
    {
        AssertOk(await Bob.RunAsync("lock", "PRT-1"));

        var result = await Admin.RunAsync("unlock", "PRT-1", "--force", "--reason", "bob is away until Monday");

        AssertOk(result);
        Assert.Contains("Force-released bob's lock on PRT-1", result.Stdout, StringComparison.Ordinal);
        Assert.Null(await LockHolderAsync("PRT-1"));
        var audit = Assert.Single((await GetJsonAsync("/api/audit?part_number=PRT-1")).EnumerateArray());
        Assert.Equal("admin", audit.GetProperty("actor").GetString());
        Assert.Equal("bob", audit.GetProperty("subject").GetString());
        Assert.Equal("bob is away until Monday", audit.GetProperty("reason").GetString());
        var unlocked = (await GetJsonAsync("/api/events/history?after=0&limit=1000")).GetProperty("events").EnumerateArray()
            .Single(e => e.GetProperty("type").GetString() == "item.unlocked").GetProperty("data");
        Assert.Equal("forced", unlocked.GetProperty("reason").GetString());
        Assert.Equal("bob is away until Monday", unlocked.GetProperty("force_reason").GetString());
        Assert.Equal("admin", unlocked.GetProperty("released_by").GetString());
    }

    [Fact]
    public async Task Unlock_ForceWithoutReason_ExitsUsageAndKeepsLock()
    {
        AssertOk(await Bob.RunAsync("lock", "PRT-1"));

        var result = await Admin.RunAsync("unlock", "PRT-1", "--force");

        AssertFailure(result, 2, "--reason");
        Assert.Equal("bob", await LockHolderAsync("PRT-1"));
    }

    [Fact]
    public async Task Unlock_OtherUsersLockWithoutForce_RefusedNamingHolder()
    {
        AssertOk(await Bob.RunAsync("lock", "PRT-1"));

        var result = await Alice.RunAsync("unlock", "PRT-1");

        AssertFailure(result, 6, "PRT-1 is locked by bob since");
        Assert.Equal("bob", await LockHolderAsync("PRT-1"));
    }

    [Fact]
    public async Task Unlock_EditorForcing_ExitsAuthRefused()
    {
        AssertOk(await Bob.RunAsync("lock", "PRT-1"));

        var result = await Alice.RunAsync("unlock", "PRT-1", "--force", "--reason", "I want it");

        AssertFailure(result, 4, "not allowed");
        Assert.Equal("bob", await LockHolderAsync("PRT-1"));
        Assert.Empty((await GetJsonAsync("/api/audit")).EnumerateArray());
    }

    [Fact]
    public async Task Unlock_OwnLock_Releases()
    {
        AssertOk(await Alice.RunAsync("lock", "PRT-1"));

        AssertOk(await Alice.RunAsync("unlock", "PRT-1"));

        Assert.Null(await LockHolderAsync("PRT-1"));
    }

    [Fact]
    public async Task Unlock_NotLocked_ExitsNotFound()
    {
        AssertFailure(await Alice.RunAsync("unlock", "PRT-1"), 5, "not locked");
    }
}
