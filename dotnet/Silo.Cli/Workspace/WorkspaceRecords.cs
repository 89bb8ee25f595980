using Silo.Cli.Output;
using SiloMod.Core.Sync;

namespace Silo.Cli.Workspace;

/// <summary>
/// The workspace's sync records in <c>&lt;workspace&gt;/.silo</c>, laid out as the workbench keeps
/// its own (<see cref="SyncRecords"/>): what a check-out, commit or sync wrote is known to every
/// other command and to the next sync the same way.
/// </summary>
internal static class WorkspaceRecords
{
    public static string FolderOf(string workspaceRoot) => Path.Combine(workspaceRoot, ".silo");

    /// <summary>Opens the records, carrying over a state file of an older silo and finishing downloads a crash cut short.</summary>
    public static async Task<SyncRecords> OpenAsync(string workspaceRoot, CancellationToken ct)
    {
        var folder = FolderOf(workspaceRoot);
        SyncRecords records;
        try
        {
            records = SyncRecords.Open(folder, TimeProvider.System);
        }
        catch (SyncStateCorruptException e)
        {
            throw new CliException(ExitCodes.LocalFile, e.Message, e);
        }
        LegacyStateFile.MigrateInto(folder, records.State);
        await records.RecoverAsync(ct);
        return records;
    }
}
