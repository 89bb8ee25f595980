using Silo.Cli.Tests.Support;

namespace Silo.Cli.Tests.Commands;

public sealed class CreateCommandTests : CliTestBase
{
    [Fact]
    public async Task Create_NewItem_IsOnTheServerAndCanBeCheckedOut()
    {
        await LoginAsync(Alice);

        var result = await Alice.RunAsync("create", "PRT-9", "--category", "Brackets", "--project", "Rover", "-d", "Left motor bracket");

        AssertOk(result);
        Assert.Equal("Created PRT-9 (Brackets / Rover): Left motor bracket", result.Stdout.Trim());
        var item = await GetJsonAsync("/api/items/PRT-9");
        Assert.Equal("Brackets", item.GetProperty("category").GetString());
        Assert.Equal("Rover", item.GetProperty("project").GetString());
        Assert.Equal("Left motor bracket", item.GetProperty("description").GetString());
        Assert.Equal("alice", item.GetProperty("created_by").GetString());
    }

    [Fact]
    public async Task Create_PartNumberTaken_OneLineAndTheItemUnchanged()
    {
        await Server.CreateItemAsync("PRT-9", description: "Bob's bracket");
        await LoginAsync(Alice);

        var result = await Alice.RunAsync("create", "prt-9", "--category", "Plates", "--project", "Rover", "-d", "Another");

        AssertFailure(result, 6, "PRT-9");
        Assert.Equal("Bob's bracket", (await GetJsonAsync("/api/items/PRT-9")).GetProperty("description").GetString());
    }

    [Fact]
    public async Task Create_NameUnsafeOnDisk_NamesTheFieldAndCreatesNothing()
    {
        await LoginAsync(Alice);

        var result = await Alice.RunAsync("create", "PRT-9", "--category", "../etc", "--project", "Rover", "-d", "Left");

        AssertFailure(result, 7, "category:");
        var items = await GetJsonAsync("/api/items");
        Assert.Equal(0, items.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Create_MissingDescription_IsAUsageError()
    {
        await LoginAsync(Alice);

        var result = await Alice.RunAsync("create", "PRT-9", "--category", "Brackets", "--project", "Rover");

        AssertFailure(result, 2, "--description");
    }
}
