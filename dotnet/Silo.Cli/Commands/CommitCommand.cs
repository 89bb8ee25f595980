using System.CommandLine;
using Silo.Protocol.Lineage;
using Silo.Cli.Output;
using Silo.Cli.Workspace;

namespace Silo.Cli.Commands;

internal static class CommitCommand
{
    public static Command Create(GlobalOptions global)
    {
        var partNumber = ItemArgument.Create();
        var file = new Argument<string?>("file") { Description = "The file to commit (default: the item's file in the workspace)", Arity = ArgumentArity.ZeroOrOne };
        var message = new Option<string>("--message", "-m") { Description = "What changed", Required = true };
        var keepLock = new Option<bool>("--keep-lock") { Description = "Keep the lock after committing" };
        var overwrite = new Option<bool>("--overwrite")
        {
            Description = "Commit even though the server has a newer version than the one the file was made from; that version is replaced, but stays on the server",
        };
        var command = new Command("commit", "Upload a file as the item's next revision, then release your lock") { partNumber, file, message, keepLock, overwrite };
        command.SetBody(global, (parse, context, ct) =>
            RunAsync(context, parse.GetValue(partNumber)!, parse.GetValue(file), parse.GetValue(message)!, parse.GetValue(keepLock), parse.GetValue(overwrite), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string partNumber, string? fileArgument, string message, bool keepLock, bool overwrite,
        CancellationToken ct)
    {
        var client = await context.ClientAsync(ct);
        var me = await client.GetCurrentUserAsync(ct);
        var item = await client.GetItemAsync(partNumber, ct);
        var root = await context.WorkspaceRootAsync(ct);
        var canonical = WorkspacePaths.FileOf(root, item);
        var file = fileArgument is null ? canonical : Path.GetFullPath(fileArgument);
        if (!File.Exists(file))
            throw new CliException(ExitCodes.LocalFile, fileArgument is null
                ? $"{file} does not exist; check the item out first ('silo checkout {item.PartNumber}') or name the file to commit"
                : $"{file} does not exist");

        // Checked before any byte moves; the server would refuse the upload with 409 anyway.
        if (item.Lock is { } held && held.LockedBy != me.Username) throw new CliException(ExitCodes.Locked, LockText.Refusal(item.PartNumber, held));

        // The workspace knows what its own copy was made from; a file from elsewhere has no known base.
        using var workspace = await WorkspaceRecords.OpenAsync(root, ct);
        var records = workspace.Records;
        var @base = file == canonical ? records.BaseOf(item.PartNumber, file) : null;
        if (item.Head is { } head && !overwrite && @base?.FileHash != head.FileHash)
        {
            // Refused before the upload: the server would refuse the revision, after gigabytes had moved.
            var made = @base is null ? $"{file} is not a copy silo checked out" : "your copy was made from an older one";
            throw new CliException(ExitCodes.Locked,
                $"{item.PartNumber} has a newer version, {LockText.Version(head)}, and {made}; nothing was committed: " +
                "check out the newer version and redo your change, or commit with --overwrite to replace it (theirs stays on the server)");
        }

        var holding = item.Lock is not null;
        if (!holding) context.Console.Warn($"you do not hold the lock on {item.PartNumber}; committing anyway (take it first with 'silo lock {item.PartNumber}')");

        var uploaded = await client.UploadFileAsync(item.PartNumber, file, ct);
        var revision = await client.CreateRevisionAsync(item.PartNumber, uploaded.Sha256, message, new PushLineage(@base, overwrite), ct);
        if (file == canonical)
        {
            records.Hold(item.PartNumber, item.Id, file, new VersionRef(uploaded.Sha256, VersionKinds.Revision, revision.Id, revision.Version), revision.Number,
                downloaded: false);
        }

        var lockNote = "";
        if (holding && !keepLock)
        {
            try
            {
                // Only now: had the upload failed, the user would still hold the lock and could retry.
                await client.UnlockItemAsync(item.PartNumber, reason: null, ct);
                lockNote = "; lock released";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var (code, reason) = ErrorReporter.Describe(e);
                throw new CliException(code, $"committed {item.PartNumber} revision {revision.Number}, but releasing the lock failed: {reason}", e);
            }
        }
        else if (holding)
        {
            lockNote = "; lock kept";
        }
        var replaced = overwrite && item.Head is { } old && old.FileHash != @base?.FileHash ? $"; replaced {LockText.Version(old)}, which stays on the server" : "";
        context.Console.Line($"Committed {item.PartNumber} revision {revision.Number} ({uploaded.Size} bytes){replaced}{lockNote}");
        return ExitCodes.Ok;
    }
}
