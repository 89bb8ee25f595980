using Silo.Cli.Tests.Support;

namespace Silo.Cli.Tests.Commands;

public sealed class LocksCommandTests : CliTestBase
{
    [Fact]
    public async Task Locks_TwoHolders_ListsBothAsPlainLines()
    {
        await Server.CreateItemAsync("PRT-1");
        await Server.CreateItemAsync("PRT-2");
        await LoginAsync(Alice);
        await LoginAsync(Bob);
        AssertOk(await Alice.RunAsync("lock", "PRT-1", "-c", "drilling"));
        AssertOk(await Bob.RunAsync("lock", "PRT-2"));

        var result = await Alice.RunAsync("locks");

        AssertOk(result);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("part number\tlocked by", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("PRT-1\talice\t", StringComparison.Ordinal) && l.EndsWith("\tdrilling", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("PRT-2\tbob\t", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', result.Stdout);
    }

    [Fact]
    public async Task Locks_NoneHeld_SaysSo()
    {
        await LoginAsync(Alice);

        var result = await Alice.RunAsync("locks");

        AssertOk(result);
        Assert.Equal("No items are locked.", result.Stdout.Trim());
    }
}
