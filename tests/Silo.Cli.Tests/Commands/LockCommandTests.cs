using Silo.Cli.Tests.Support;

namespace Silo.Cli.Tests.Commands;

public sealed class LockCommandTests : CliTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1");
        await LoginAsync(Alice);
        await LoginAsync(Bob);
    }

    [Fact]
    public async Task Lock_FreeItem_TakesLockWithCommentAndTtl()
    {
        var result = await Alice.RunAsync("lock", "PRT-1", "--comment", "new hole pattern", "--ttl", "2h");

        AssertOk(result);
        var status = await GetJsonAsync("/api/items/PRT-1/lock");
        var held = status.GetProperty("lock");
        Assert.Equal("alice", held.GetProperty("locked_by").GetString());
        Assert.Equal("new hole pattern", held.GetProperty("comment").GetString());
        Assert.Equal(TimeSpan.FromHours(2), held.GetProperty("expires_at").GetDateTimeOffset() - held.GetProperty("locked_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Lock_HeldByOther_RefusedNamingHolder()
    {
        AssertOk(await Bob.RunAsync("lock", "PRT-1"));

        var result = await Alice.RunAsync("lock", "PRT-1");

        AssertFailure(result, 6, "PRT-1 is locked by bob since");
    }

    [Fact]
    public async Task Lock_BadTtl_ExitsUsage()
    {
        var result = await Alice.RunAsync("lock", "PRT-1", "--ttl", "soon");

        AssertFailure(result, 2, "soon");
        Assert.Null(await LockHolderAsync("PRT-1"));
    }

    [Fact]
    public async Task Lock_TtlOverServerLimit_ExitsValidation()
    {
        var result = await Alice.RunAsync("lock", "PRT-1", "--ttl", "60d");

        AssertFailure(result, 7, "ttl_seconds");
    }
}
