using System.CommandLine;
using Silo.Client.Sync;
using Silo.Cli.Output;
using Silo.Cli.Workspace;
using SiloMod.Core.Sync;

namespace Silo.Cli.Commands;

/// <summary>
/// One pass of the workbench's sync engine over the workspace, without the workbench's waiting:
/// a file in conflict is left alone and named, and the exit code says so.
/// </summary>
internal static class SyncCommand
{
    private const int ParallelDownloads = 2;

    public static Command Create(GlobalOptions global)
    {
        var command = new Command("sync", "Bring the workspace in step with this workstation's subscriptions (local changes are never overwritten)");
        command.SetBody(global, (_, context, ct) => RunAsync(context, ct));
        return command;
    }

    private sealed record Planned(SyncDiffEntry Entry, string Path, LocalCheck Check);

    private static async Task<int> RunAsync(CommandContext context, CancellationToken ct)
    {
        var client = await context.ClientAsync(ct);
        var root = await context.WorkspaceRootAsync(ct);
        using var workspace = await WorkspaceRecords.OpenAsync(root, ct);
        var records = workspace.Records;
        var workstation = await context.WorkstationAsync(ct);
        var engine = new SyncEngine(client, workstation, records, TimeProvider.System);

        // A missing file is left out of the report, so the diff offers it again.
        await engine.ReportHeldAsync(ct);
        var diff = await engine.ReadDiffAsync(ct);

        List<Planned> fetch = [], current = [], conflicts = [], older = [];
        foreach (var entry in diff.Downloads.Concat(diff.Updates))
        {
            var path = WorkspacePaths.FileOf(root, entry.Category, entry.PartNumber, entry.Description);
            var planned = new Planned(entry, path, await engine.CheckAsync(entry, path, overwrite: false, ct));
            var list = planned.Check.Verdict switch
            {
                LocalCopyVerdict.AlreadyThere => current,
                LocalCopyVerdict.Replace => fetch,
                LocalCopyVerdict.NewerThanTarget => older,
                _ => conflicts,
            };
            list.Add(planned);
        }

        foreach (var planned in current)
        {
            await engine.RecordAsync(planned.Entry, planned.Path, planned.Check.LocalHash!, ct);
            await engine.AckAsync(planned.Entry, planned.Check.LocalHash!, ct);
        }
        var changedMeanwhile = new List<Planned>();
        await new DownloadBars(context.Console, ParallelDownloads).RunAsync(fetch, p => Describe(p.Entry), async (planned, progress, token) =>
        {
            var placement = await engine.DownloadAsync(planned.Entry, planned.Path, planned.Check, holdBack: null, progress, token);
            if (placement.Hash is not { } hash)
            {
                lock (changedMeanwhile) changedMeanwhile.Add(planned);
                return $"not downloaded {Describe(planned.Entry)}: {planned.Path} changed meanwhile";
            }
            await engine.RecordAsync(planned.Entry, planned.Path, hash, token);
            await engine.AckAsync(planned.Entry, hash, token);
            return $"downloaded {Describe(planned.Entry)} to {planned.Path}";
        }, ct);
        conflicts.AddRange(changedMeanwhile);

        var output = context.Console;
        foreach (var removal in diff.Removals)
        {
            var kept = records.State.Untrack(removal.PartNumber)?.Path;
            output.Line($"no longer subscribed: {removal.PartNumber}{(kept is null ? "" : $" (kept {kept})")}");
        }
        // The server keeps listing removals until told the workstation no longer holds them.
        if (diff.Removals.Count > 0) await engine.ReportHeldAsync(ct);
        foreach (var conflict in conflicts)
            output.Line($"conflict: {conflict.Path} has local changes; {Describe(conflict.Entry)} not downloaded");
        foreach (var conflict in older)
            output.Line($"conflict: {conflict.Path} is a newer version than {Describe(conflict.Entry)}, which your subscription asks for; not replaced");
        conflicts.AddRange(older);
        var downloaded = fetch.Count - changedMeanwhile.Count;
        output.Line($"Sync: {downloaded} downloaded, {current.Count} already in place, {conflicts.Count} conflicts, {diff.Removals.Count} no longer subscribed");
        if (downloaded == 0 && conflicts.Count == 0)
            foreach (var line in SyncExplanation.WhyNothing(await client.GetSubscriptionSummaryAsync(workstation, ct))) output.Line(line);

        if (conflicts.Count > 0)
            throw new CliException(ExitCodes.SyncConflict,
                $"{conflicts.Count} file(s) left alone: {string.Join(", ", conflicts.Select(c => c.Entry.PartNumber))}");
        return ExitCodes.Ok;
    }

    private static string Describe(SyncDiffEntry entry) =>
        entry.IsCheckpoint ? $"{entry.PartNumber} checkpoint by {entry.CheckpointUser}" : $"{entry.PartNumber} revision {entry.TargetRevision}";
}
