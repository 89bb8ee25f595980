using SiloMod.Core.Signals;

namespace SiloMod.Core.Activity;

public static partial class RowTexts
{
    private static string PushConflictKey(string partNumber) => $"push_conflict:{partNumber}";

    private static ActivityRow CheckpointPushed(CheckpointPushed e) => Row(
        e.Kind, "⬆", $"Checkpoint: {e.PartNumber} ({e.Context}) — {Words.Plural(e.SubscribersNotified, "subscriber")} notified",
        e.Overwrote ? ["Your version replaced the newer one, which stays on the server."] : null,
        partNumber: e.PartNumber,
        // Pushing over a refused version settles its card.
        mergeKey: e.Overwrote ? PushConflictKey(e.PartNumber) : null);

    private static ActivityRow CheckpointQueued(CheckpointQueued e) => Row(
        e.Kind, "⏳", $"Checkpoint queued (offline): {e.PartNumber} ({e.Context})",
        Lines(e.Reason, "It is pushed automatically when the server can be reached again."), level: ActivityLevel.Warning, partNumber: e.PartNumber);

    private static ActivityRow PushConflict(PushConflict e)
    {
        var who = string.IsNullOrEmpty(e.Head?.User) ? "someone else" : e.Head.User;
        ActivityAction Choice(ActivityActionKind kind, string label) => new(kind, label) { PartNumber = e.PartNumber, ConflictId = e.ConflictId };
        return Row(
            e.Kind, "⛔", $"Not pushed: {e.PartNumber} — {who} has a newer version",
            Lines(e.Message, "Overwrite theirs pushes yours over it (theirs stays on the server); Keep as a copy and Discard mine bring your document to the newer version."),
            [Choice(ActivityActionKind.OverwriteTheirs, "Overwrite theirs"), Choice(ActivityActionKind.KeepAsCopy, "Keep as a copy"), Choice(ActivityActionKind.DiscardMine, "Discard mine")],
            ActivityLevel.Error, e.PartNumber, PushConflictKey(e.PartNumber));
    }

    private static ActivityRow PushConflictResolved(PushConflictResolved e) =>
        Row(e.Kind, "✔", $"Settled: {e.PartNumber}", [e.Message ?? ""], partNumber: e.PartNumber, mergeKey: PushConflictKey(e.PartNumber));

    private static ActivityRow DocumentReplaced(DocumentReplaced e) => Row(
        e.Kind, "⬇", $"Updated: {e.PartNumber}",
        Lines($"{Words.FileName(e.Path)} now holds {(string.IsNullOrEmpty(e.Version) ? "the newest version" : e.Version)}.",
            e.CopyPath is null ? null : $"What only your file had is kept as {Words.FileName(e.CopyPath)}."),
        OpenActions(e.PartNumber, e.Path), partNumber: e.PartNumber);

    // The core's start-up sweep of what a killed run left half-written: information, nothing to do.
    private static ActivityRow LeftoversRemoved(LeftoversRemoved e) => Row(
        e.Kind, "🧹", $"Cleaned up {Words.Plural(e.Files, "unfinished file")} ({Words.Size(e.Bytes)}) from an interrupted session", Lines(e.Message));

    private static ActivityAction[] OpenActions(string? partNumber, string? path) =>
    [
        .. string.IsNullOrEmpty(path) ? [] : new[] { new ActivityAction(ActivityActionKind.Open, "Open") { Path = path } },
        .. string.IsNullOrEmpty(partNumber) ? [] : new[] { new ActivityAction(ActivityActionKind.ViewInSilo, "View in Silo →") { PartNumber = partNumber } },
    ];
}
