using System.CommandLine;
using Silo.Client;
using Silo.Client.Errors;
using Silo.Client.Files;
using Silo.Cli.Output;
using Silo.Cli.Workspace;
using Silo.Protocol.Lineage;
using SiloMod.Core.Lineage;
using SiloMod.Core.Sync;

namespace Silo.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(GlobalOptions global)
    {
        var command = new Command("status", "Show the locks you hold and which local files are changed, out of date, or locked by others");
        command.SetBody(global, (_, context, ct) => RunAsync(context, ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, CancellationToken ct)
    {
        var client = await context.ClientAsync(ct);
        var me = await client.GetCurrentUserAsync(ct);
        var root = await context.WorkspaceRootAsync(ct);
        using var workspace = await WorkspaceRecords.OpenAsync(root, ct);
        var records = workspace.Records;
        var mine = (await client.ListLocksAsync(ct)).Where(l => l.LockedBy == me.Username).ToList();

        List<string> modified = [], outOfDate = [], missing = [], lockedByOthers = [], gone = [];
        foreach (var local in KnownFiles(records, root))
        {
            var partNumber = local.PartNumber;
            var changed = false;
            if (!File.Exists(local.Path)) missing.Add($"{partNumber}  {local.Path}");
            else if ((await FileHashes.Sha256Async(local.Path, ct)).Sha256 != local.FileHash)
            {
                changed = true;
                modified.Add($"{partNumber}  {local.Path}");
            }

            var item = await FindAsync(client, partNumber, ct);
            if (item is null)
            {
                gone.Add(partNumber);
                continue;
            }
            if (item.Head is { } head && head.FileHash != local.FileHash && (local.Version is not { } have || head.Version > have))
                outOfDate.Add($"{partNumber}  the server has a newer version, {LockText.Version(head)}, than your {local.What}");
            if (item.Lock is { } held && held.LockedBy != me.Username)
            {
                lockedByOthers.Add($"{partNumber}  {LockText.LockedBy(held)}: do not edit {local.Path}");
                if (changed) context.Console.Warn($"you changed {local.Path}, but {partNumber} is {LockText.LockedBy(held)}; your changes cannot be committed until it is unlocked");
            }
        }

        var output = context.Console;
        output.Line($"Workspace {root} (logged in as {me.Username})");
        Section(output, "Locks you hold:", mine.Select(l => $"{l.PartNumber}  until {LockText.When(l.ExpiresAt)}"));
        Section(output, "Changed locally:", modified);
        Section(output, "Out of date:", outOfDate);
        Section(output, "Missing locally:", missing);
        Section(output, "Locked by others:", lockedByOthers);
        Section(output, "No longer on the server:", gone);
        if (mine.Count + modified.Count + outOfDate.Count + missing.Count + lockedByOthers.Count + gone.Count == 0)
            output.Line("Nothing to report: no locks held, every local file is the server's newest version, unchanged.");
        return ExitCodes.Ok;
    }

    private static async Task<Silo.Protocol.Items.Item?> FindAsync(ISiloClient client, string partNumber, CancellationToken ct)
    {
        try
        {
            return await client.GetItemAsync(partNumber, ct);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>A file silo put into the workspace, and the version it was made from.</summary>
    /// <param name="What">That version, as "your …" names it.</param>
    private sealed record KnownFile(string PartNumber, string Path, string FileHash, long? Version, string What);

    /// <summary>The files the sync state holds, then those only their lineage knows (checked out or committed, and no longer synced).</summary>
    private static IEnumerable<KnownFile> KnownFiles(SyncRecords records, string root)
    {
        var tracked = records.State.All();
        foreach (var file in tracked)
            yield return new KnownFile(file.PartNumber, file.Path, file.FileHash, file.Version,
                file.IsCheckpoint ? "checkpoint" : file.Revision is { } revision ? $"revision {revision}" : "copy");
        var trackedPaths = tracked.Select(f => f.Path).ToHashSet(FileLineage.PathComparer);
        var inside = Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar;
        foreach (var path in records.Lineage.Files().Where(p => !trackedPaths.Contains(p) && p.StartsWith(inside, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (records.Lineage.Of(path) is not { } known) continue;
            var made = known.Base;
            yield return new KnownFile(known.PartNumber, path, made.FileHash, made.Version,
                made.Kind == VersionKinds.Checkpoint ? "checkpoint" : made.Kind == VersionKinds.Revision ? "revision" : "copy");
        }
    }

    private static void Section(CliConsole output, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0) return;
        output.Line(title);
        foreach (var line in list) output.Line("  " + line);
    }
}
