using Silo.Client.Files;
using Silo.Client.Items;
using Silo.Cli.Output;

namespace Silo.Cli.Workspace;

/// <summary>Where items live locally: the same place the workbench's subscription sync puts them, so both agree.</summary>
internal static class WorkspacePaths
{
    /// <summary><c>--workspace</c>, else <c>$SILO_WORKSPACE</c>, else the config's <c>workspace</c>, else <c>~/silo</c>.</summary>
    public static string ResolveRoot(string? option, string? configured, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var chosen = option is { Length: > 0 } ? option
            : environment("SILO_WORKSPACE") is { Length: > 0 } fromEnv ? fromEnv
            : configured is { Length: > 0 } ? configured
            : Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "silo");
        return Path.GetFullPath(chosen);
    }

    public static string FileOf(string root, Item item) => FileOf(root, item.Category, item.PartNumber, item.Description);

    public static string FileOf(string root, string category, string partNumber, string description)
    {
        try
        {
            return SubscriptionPaths.SubscriptionFilePath(root, category, partNumber, description);
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.LocalFile, $"{partNumber} cannot be stored under {root}: {e.Message}", e);
        }
    }
}
