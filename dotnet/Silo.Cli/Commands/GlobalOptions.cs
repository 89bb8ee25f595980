using System.CommandLine;

namespace Silo.Cli.Commands;

/// <summary>Options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Workspace { get; } = new("--workspace", "-w")
    {
        Description = "The workspace folder (default: $SILO_WORKSPACE, the config's workspace, or ~/silo)",
        Recursive = true,
    };
}
