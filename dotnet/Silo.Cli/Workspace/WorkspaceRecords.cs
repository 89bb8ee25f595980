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

    /// <summary>
    /// Opens the records for one command, held until it is disposed: clears what killed runs left,
    /// carries over a state file of an older silo and finishes downloads a crash cut short.
    /// </summary>
    public static async Task<SyncFolder> OpenAsync(string workspaceRoot, CancellationToken ct)
    {
        var folder = FolderOf(workspaceRoot);
        SyncFolder opened;
        try
        {
            opened = SyncFolder.Open(folder, workspaceRoot, TimeProvider.System);
        }
        catch (SyncStateCorruptException e)
        {
            throw new CliException(ExitCodes.LocalFile, e.Message, e);
        }
        try
        {
            LegacyStateFile.MigrateInto(folder, opened.Records.State);
            await opened.Records.RecoverAsync(ct);
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }
}
