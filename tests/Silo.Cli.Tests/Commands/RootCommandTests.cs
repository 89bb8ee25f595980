using Silo.Cli.Tests.Support;

namespace Silo.Cli.Tests.Commands;

public sealed class RootCommandTests
{
    private static readonly Dictionary<string, string> NoConfig = new() { ["SILO_CONFIG"] = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "c.json") };

    [Fact]
    public async Task Help_ListsCommandsAndExitCodes()
    {
        var result = await SiloProcess.RunAsync(NoConfig, ["--help"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "login", "checkout", "commit", "lock", "unlock", "locks", "status", "sync" })
            Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("11  sync conflict", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("8  the server could not be reached", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("checkout")]
    [InlineData("login")]
    public async Task Help_OfCommandWithRequiredArgument_ExplainsItInsteadOfComplaining(string command)
    {
        var result = await SiloProcess.RunAsync(NoConfig, [command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"silo {command} <", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.StderrLines);
    }

    [Fact]
    public async Task UnknownCommand_ExitsUsageWithOneLine()
    {
        var result = await SiloProcess.RunAsync(NoConfig, ["frobnicate"]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("silo: ", line, StringComparison.Ordinal);
        Assert.Contains("frobnicate", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commit_WithoutMessage_ExitsUsage()
    {
        var result = await SiloProcess.RunAsync(NoConfig, ["commit", "PRT-1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--message", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }
}
