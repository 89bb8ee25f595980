namespace Silo.Cli.Tests.Support;

/// <summary>One person at their own machine: a home folder with the silo config and a workspace, and a token.</summary>
public sealed class CliUser
{
    public CliUser(string name, string token, string root)
    {
        Name = name;
        Token = token;
        Home = Path.Combine(root, name);
        Directory.CreateDirectory(Home);
    }

    public string Name { get; }

    public string Token { get; }

    public string Home { get; }

    public string ConfigPath => Path.Combine(Home, ".config", "silo", "config.json");

    /// <summary>Where silo keeps its workstation's id, beside the config.</summary>
    public string WorkstationIdPath => Path.Combine(Path.GetDirectoryName(ConfigPath)!, "config.silo-workstation");

    public string Workspace => Path.Combine(Home, "silo");

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["HOME"] = Home,
        ["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config"),
        ["SILO_CONFIG"] = ConfigPath,
        ["SILO_WORKSPACE"] = Workspace,
    };

    public Task<CliResult> RunAsync(params string[] args) => SiloProcess.RunAsync(Environment, args);

    /// <summary>Runs silo and presses Ctrl+C once <paramref name="when"/> completes.</summary>
    public Task<CliResult> RunInterruptedAsync(Func<Task> when, params string[] args) => SiloProcess.RunAsync(Environment, args, interruptWhen: when);

    public Task<CliResult> RunWithInputAsync(string stdin, params string[] args) => SiloProcess.RunAsync(Environment, args, stdin);

    /// <summary>The canonical file of an item created with the test server's defaults (category Brackets, description "Test part").</summary>
    public string FileOf(string partNumber, string category = "Brackets", string description = "Test part") =>
        Path.Combine(Workspace, category, $"{partNumber}_{description}.FCStd");
}
