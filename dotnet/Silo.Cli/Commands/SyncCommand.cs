using System.CommandLine;
using Silo.Client;
using Silo.Client.Files;
using Silo.Client.Sync;
using Silo.Cli.Output;
using Silo.Cli.Workspace;

namespace Silo.Cli.Commands;

internal static class SyncCommand
{
    private const int ParallelDownloads = 2;

    public static Command Create(GlobalOptions global)
    {
        var command = new Command("sync", "Bring the workspace in step with this workstation's subscriptions (local changes are never overwritten)");
        command.SetBody(global, (_, context, ct) => RunAsync(context, ct));
        return command;
    }

    private sealed record Planned(SyncDiffEntry Entry, string Path);

    private static async Task<int> RunAsync(CommandContext context, CancellationToken ct)
    {
        var client = await context.ClientAsync(ct);
        var root = await context.WorkspaceRootAsync(ct);
        var states = new StateStore(root);
        var state = await states.LoadAsync(ct);
        var workstation = await context.WorkstationAsync(ct);

        // The server compares its targets with what we say we hold, hashes of the files as they are now included,
        // so an item we no longer have is offered again and a changed one shows up as an update.
        await client.ReportSyncStateAsync(workstation, await HeldAsync(state, ct), ct);
        var diff = await client.GetSyncDiffAsync(workstation, pageSize: null, ct);

        List<Planned> fetch = [], current = [], conflicts = [], older = [];
        foreach (var entry in diff.Downloads.Concat(diff.Updates))
        {
            var planned = new Planned(entry, WorkspacePaths.FileOf(root, entry.Category, entry.PartNumber, entry.Description));
            if (!File.Exists(planned.Path))
            {
                fetch.Add(planned);
                continue;
            }
            var localHash = (await FileHashes.Sha256Async(planned.Path, ct)).Sha256;
            var recorded = state.Find(entry.PartNumber);
            // Overwrite only what silo itself wrote and nobody changed since, and never with an older version.
            switch (LocalCopy.Decide(localHash, recorded?.Sha256, recorded?.Version, entry.FileHash, entry.TargetVersion))
            {
                case LocalCopyVerdict.AlreadyThere:
                    current.Add(planned);
                    break;
                case LocalCopyVerdict.Replace:
                    fetch.Add(planned);
                    break;
                case LocalCopyVerdict.NewerThanTarget:
                    older.Add(planned);
                    break;
                default:
                    conflicts.Add(planned);
                    break;
            }
        }

        foreach (var planned in current) await RecordAsync(client, workstation, states, state, planned, planned.Entry.FileHash!, ct);
        await new DownloadBars(context.Console, ParallelDownloads).RunAsync(fetch, p => Describe(p.Entry), async (planned, progress, token) =>
        {
            var sha = await client.DownloadFileAsync(planned.Entry.DownloadUrl!, planned.Path, planned.Entry.FileHash, progress, token);
            await RecordAsync(client, workstation, states, state, planned, sha, token);
            return $"downloaded {Describe(planned.Entry)} to {planned.Path}";
        }, ct);

        var output = context.Console;
        foreach (var removal in diff.Removals)
        {
            var kept = state.Find(removal.PartNumber)?.Path;
            output.Line($"no longer subscribed: {removal.PartNumber}{(kept is null ? "" : $" (kept {kept})")}");
        }
        foreach (var conflict in conflicts)
            output.Line($"conflict: {conflict.Path} has local changes; {Describe(conflict.Entry)} not downloaded");
        foreach (var conflict in older)
            output.Line($"conflict: {conflict.Path} is a newer version than {Describe(conflict.Entry)}, which your subscription asks for; not replaced");
        conflicts.AddRange(older);
        output.Line($"Sync: {fetch.Count} downloaded, {current.Count} already in place, {conflicts.Count} conflicts, {diff.Removals.Count} no longer subscribed");
        if (fetch.Count == 0 && conflicts.Count == 0)
            foreach (var line in SyncExplanation.WhyNothing(await client.GetSubscriptionSummaryAsync(workstation, ct))) output.Line(line);

        if (conflicts.Count > 0)
            throw new CliException(ExitCodes.SyncConflict,
                $"{conflicts.Count} file(s) left alone: {string.Join(", ", conflicts.Select(c => c.Entry.PartNumber))}");
        return ExitCodes.Ok;
    }

    private static async Task<List<SyncStateItem>> HeldAsync(WorkspaceState state, CancellationToken ct)
    {
        var held = new List<SyncStateItem>();
        foreach (var (partNumber, local) in state.Items)
        {
            if (!File.Exists(local.Path)) continue;
            var hash = (await FileHashes.Sha256Async(local.Path, ct)).Sha256;
            if (local.CheckpointId is { } checkpoint) held.Add(SyncStateItem.ForCheckpoint(partNumber, checkpoint, hash));
            else if (local.Revision is { } revision) held.Add(SyncStateItem.ForRevision(partNumber, revision, hash));
        }
        return held;
    }

    /// <summary>Tells the server this workstation now holds the target, and remembers what the file came from.</summary>
    private static async Task RecordAsync(
        ISiloClient client, string workstation, StateStore states, WorkspaceState state, Planned planned, string sha, CancellationToken ct)
    {
        var entry = planned.Entry;
        var ack = entry.IsCheckpoint
            ? SyncAck.ForCheckpoint(entry.ItemId, entry.CheckpointId!, sha)
            : SyncAck.ForRevision(entry.ItemId, entry.TargetRevision!.Value, sha);
        await client.AckSyncAsync(workstation, ack, ct);
        states.Record(state, entry.PartNumber,
            new LocalItem(planned.Path, sha, entry.IsCheckpoint ? null : entry.TargetRevision, entry.IsCheckpoint ? entry.CheckpointId : null, DateTimeOffset.UtcNow,
                entry.TargetVersion));
    }

    private static string Describe(SyncDiffEntry entry) =>
        entry.IsCheckpoint ? $"{entry.PartNumber} checkpoint by {entry.CheckpointUser}" : $"{entry.PartNumber} revision {entry.TargetRevision}";
}
