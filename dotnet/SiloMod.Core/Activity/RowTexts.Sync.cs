using SiloMod.Core.Signals;

namespace SiloMod.Core.Activity;

public static partial class RowTexts
{
    // What a checkpoint context closed, as a user would say it ("alice finished editing Body").
    private static readonly Dictionary<string, string> ContextNouns = new(StringComparer.Ordinal)
    {
        ["body_close"] = "Body",
        ["sketch_close"] = "Sketch",
        ["assembly_close"] = "Assembly",
        ["manual"] = "(manual checkpoint)",
    };

    private static ActivityRow FileSynced(FileSynced e)
    {
        var actions = OpenActions(e.PartNumber, e.Path);
        if (e.IsCheckpoint)
        {
            var (user, context) = (e.CheckpointUser, e.CheckpointContext);
            var noun = context is null ? null : ContextNouns.GetValueOrDefault(context, context);
            var what = (user, context) switch
            {
                ({ Length: > 0 }, "manual") => $"{user} saved a manual checkpoint",
                ({ Length: > 0 }, _) when !string.IsNullOrEmpty(noun) => $"{user} finished editing {noun}",
                ({ Length: > 0 }, _) => $"new checkpoint from {user}",
                _ => "new working checkpoint",
            };
            return Row(e.Kind, "⬇", $"Updated: {e.PartNumber} — {what}", ["Working checkpoint (not a formal revision)"], actions, partNumber: e.PartNumber);
        }

        var change = (e.Revision, e.PreviousRevision) switch
        {
            (null, _) => "",
            ({ } now, { } before) when before != now => $" {Words.Rev(before)} → {Words.Rev(now)}",
            ({ } now, _) => $" {Words.Rev(now)}",
        };
        return Row(e.Kind, "⬇", $"Synced: {e.PartNumber}{change}", actions: actions, partNumber: e.PartNumber);
    }

    private static ActivityRow FileDeferred(FileDeferred e)
    {
        var what = e.IsCheckpoint ? "working checkpoint" : e.TargetRevision is { } rev ? Words.Rev(rev) : "update";
        return Row(e.Kind, "⏸", $"Deferred: {e.PartNumber} {what} — waiting for you to close {Words.FileName(e.Path)}",
            ["The download starts as soon as the file is closed in FreeCAD."], partNumber: e.PartNumber);
    }

    private static ActivityRow FileConflict(FileConflict e)
    {
        var reason = e.ConflictType switch
        {
            "local_modified" => "your local file changed since the last sync",
            "older_version" => "your copy is a newer version than the one your subscription asks for",
            var other => (string.IsNullOrEmpty(other) ? "conflict" : other).Replace('_', ' '),
        };
        return Row(
            e.Kind, "⚠", $"Conflict: {e.PartNumber} — a newer version is on the server",
            [$"{Words.FileName(e.Path)}: {reason}.", "Overwrite replaces your local changes; Skip keeps them."],
            [
                new(ActivityActionKind.Overwrite, "Overwrite") { PartNumber = e.PartNumber, Outcome = "Overwritten with the server's version." },
                new(ActivityActionKind.Skip, "Skip") { PartNumber = e.PartNumber, Outcome = "Skipped: your local file is kept." },
            ],
            ActivityLevel.Warning, e.PartNumber);
    }

    private static ActivityRow BulkSyncComplete(BulkSyncComplete e) =>
        Row(e.Kind, "⬇", $"Synced {Words.Plural(e.Count, "file")} ({(e.Target == "all" ? "all subscriptions" : e.Target)})");

    private static ActivityRow SyncNowFinished(SyncNowFinished e)
    {
        string[] waiting = [.. new[]
        {
            (e.Deferred, Words.Plural(e.Deferred, "download") + " waiting for the file to be closed"),
            (e.Conflicts, Words.Plural(e.Conflicts, "conflict") + " to resolve"),
            (e.Pending, Words.Plural(e.Pending, "download") + " to retry"),
        }.Where(w => w.Item1 > 0).Select(w => w.Item2)];
        return Row(e.Kind, "⟳", "Sync Now finished" + (waiting.Length > 0 ? "" : ": everything is up to date"), waiting);
    }

    private static ActivityRow FileUntracked(FileUntracked e) => Row(
        e.Kind, "⊘", $"No longer tracked: {e.PartNumber}",
        ["Subscription removed; the file stays where it is" + (string.IsNullOrEmpty(e.Path) ? "." : $": {e.Path}")], partNumber: e.PartNumber);

    private static ActivityRow SyncError(SyncError e) => Row(
        e.Kind, "❌", $"Sync error: {(e.PartNumber is null ? "" : $"{e.PartNumber} — ")}{(string.IsNullOrEmpty(e.Message) ? "unknown error" : e.Message)}",
        level: ActivityLevel.Error, partNumber: e.PartNumber);
}
