using System.CommandLine;
using Silo.Client;
using Silo.Client.Files;
using Silo.Client.Items;
using Silo.Protocol.Locks;
using Silo.Cli.Output;
using Silo.Cli.Workspace;

namespace Silo.Cli.Commands;

internal static class CheckoutCommand
{
    public static Command Create(GlobalOptions global)
    {
        var partNumber = ItemArgument.Create();
        var readOnly = new Option<bool>("--read-only") { Description = "Download without taking the lock (allowed while someone else holds it)" };
        var comment = new Option<string?>("--comment", "-c") { Description = "A note on the lock, shown to others" };
        var command = new Command("checkout", "Lock an item and download its newest version (revision or checkpoint) into the workspace") { partNumber, readOnly, comment };
        command.SetBody(global, (parse, context, ct) =>
            RunAsync(context, parse.GetValue(partNumber)!, parse.GetValue(readOnly), parse.GetValue(comment), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string partNumber, bool readOnly, string? comment, CancellationToken ct)
    {
        var client = await context.ClientAsync(ct);
        var me = await client.GetCurrentUserAsync(ct);
        var item = await client.GetItemAsync(partNumber, ct);
        var root = await context.WorkspaceRootAsync(ct);
        var path = WorkspacePaths.FileOf(root, item);

        ItemLock? myLock = null;
        if (item.Lock is { } held && held.LockedBy != me.Username)
        {
            if (!readOnly) throw new CliException(ExitCodes.Locked, LockText.Refusal(item.PartNumber, held) + " (or check it out with --read-only)");
            context.Console.Warn($"{item.PartNumber} is {LockText.LockedBy(held)}: downloading read-only; do not edit it");
        }
        else if (!readOnly)
        {
            myLock = await client.LockItemAsync(item.PartNumber, comment, ttl: null, ct);
        }

        try
        {
            return await FetchAsync(context, client, item, path, root, myLock, ct);
        }
        catch when (myLock is not null && item.Lock is null)
        {
            // The lock was taken by this run for a file that never arrived: others should not be
            // blocked by it. Best effort; the original failure is what the user needs to see.
            try
            {
                await client.UnlockItemAsync(item.PartNumber, reason: null, CancellationToken.None);
            }
            catch (Exception e) when (e is Client.Errors.SiloApiException)
            {
            }
            throw;
        }
    }

    private static async Task<int> FetchAsync(CommandContext context, ISiloClient client, Item item, string path, string root, ItemLock? myLock, CancellationToken ct)
    {
        var lockNote = myLock is null ? "read-only, not locked" : $"locked until {LockText.When(myLock.ExpiresAt)}";
        if (item.Head is not { } head)
        {
            context.Console.Line($"Checked out {item.PartNumber} ({lockNote}); it has no file yet: save one as {path} and run 'silo commit {item.PartNumber} -m MESSAGE'");
            return ExitCodes.Ok;
        }

        // The head, not merely the latest revision: a newer checkpoint holds work a commit must build on.
        var what = LockText.Version(head);
        using var workspace = await WorkspaceRecords.OpenAsync(root, ct);
        var records = workspace.Records;
        if (File.Exists(path))
        {
            var (localHash, _) = await FileHashes.Sha256Async(path, ct);
            var recorded = records.BaseOf(item.PartNumber, path);
            if (localHash == head.FileHash)
            {
                records.Hold(item.PartNumber, item.Id, path, head.Ref, head.Revision, downloaded: true);
                context.Console.Line($"Checked out {item.PartNumber}, {what}, at {path} ({lockNote}); the file was already up to date");
                return ExitCodes.Ok;
            }
            if (recorded is null || recorded.FileHash != localHash)
            {
                // Local edits on top of the head are exactly what a check-out is for: keep them.
                if (recorded?.FileHash == head.FileHash || (recorded?.Version is { } version && version == head.Version))
                {
                    context.Console.Warn($"{path} has local changes; kept them instead of downloading {what} again");
                    context.Console.Line($"Checked out {item.PartNumber}, {what}, at {path} ({lockNote})");
                    return ExitCodes.Ok;
                }
                throw new CliException(ExitCodes.SyncConflict,
                    $"{path} has local changes not on the server, and the server has {what}: move the file away, then check out again");
            }
        }

        await client.DownloadVersionAsync(item.PartNumber, head, path, ct);
        records.Hold(item.PartNumber, item.Id, path, head.Ref, head.Revision, downloaded: true);
        context.Console.Line($"Checked out {item.PartNumber}, {what}, to {path} ({lockNote})");
        return ExitCodes.Ok;
    }
}
