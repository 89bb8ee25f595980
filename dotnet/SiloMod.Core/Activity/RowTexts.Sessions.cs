using SiloMod.Core.Signals;

namespace SiloMod.Core.Activity;

public static partial class RowTexts
{
    public static string PresenceKey(string partNumber) => $"presence:{partNumber}";

    private static ActivityRow PresenceChanged(PresenceChanged e) =>
        Row(e.Kind, "👥", $"Presence changed: {e.PartNumber}", partNumber: e.PartNumber, mergeKey: PresenceKey(e.PartNumber));

    private static ActivityRow SoftInterference(SoftInterference e) => Row(
        e.Kind, "⚠", $"{(string.IsNullOrEmpty(e.User) ? "Someone" : e.User)} is editing {e.ObjectId} on {e.PartNumber}",
        e.SharedNodes is { Count: > 0 } nodes ? [$"Shares downstream: {Words.Shared(nodes)}"] : null, level: ActivityLevel.Warning, partNumber: e.PartNumber);

    private static ActivityRow HardInterferenceBlocked(HardInterferenceBlocked e, TimeZoneInfo zone)
    {
        var user = string.IsNullOrEmpty(e.HolderUser) ? "Someone" : e.HolderUser;
        var since = ClockText.Of(e.Since, zone);
        var where = string.IsNullOrEmpty(e.HolderWorkstation) ? "" : $" on {e.HolderWorkstation}";
        // No session to ask for: the item is checked out, and only its owner can unlock it.
        var (detail, actions) = string.IsNullOrEmpty(e.HolderSessionId)
            ? ($"{user} has {e.PartNumber} checked out (since {since})", Array.Empty<ActivityAction>())
            : ($"{user} is editing{where} (since {since})",
               [new ActivityAction(ActivityActionKind.RequestHandoff, "Request Handoff") { PartNumber = e.PartNumber, SessionId = e.HolderSessionId, Outcome = HandoffSentOutcome(user) }]);
        return Row(e.Kind, "🔒", $"Blocked: cannot edit {e.ObjectId} on {e.PartNumber}", [detail], actions, ActivityLevel.Error, e.PartNumber,
            subject: string.IsNullOrEmpty(e.HolderSessionId) ? null : e.HolderSessionId);
    }

    private static ActivityRow OfflineEditing(OfflineEditing e) => Row(
        e.Kind, "📴", $"Offline editing: {e.ObjectId} on {e.PartNumber}",
        Lines(e.Reason, "Nobody was asked for a lock; your checkpoint is pushed once the server is back."), level: ActivityLevel.Warning, partNumber: e.PartNumber);

    private static ActivityRow HandoffRequested(HandoffRequested e) => Row(
        e.Kind, "🔔", $"{(string.IsNullOrEmpty(e.Requester) ? "Someone" : e.Requester)} requests {e.ObjectId} on {e.PartNumber}",
        string.IsNullOrEmpty(e.Message) ? null : [$"\"{e.Message}\""],
        [
            new(ActivityActionKind.ReleaseNow, "Release Now") { PartNumber = e.PartNumber, SessionId = e.SessionId, Outcome = "Released: leaving the editing context." },
            new(ActivityActionKind.Defer, "Defer"),
            new(ActivityActionKind.Dismiss, "Dismiss"),
        ],
        ActivityLevel.Warning, e.PartNumber, subject: e.SessionId);

    private static ActivityRow LeaveContextRequested(LeaveContextRequested e) => Row(
        e.Kind, "↩", $"Releasing {e.ObjectId} on {e.PartNumber}", ["Leaving the editing context; a checkpoint is pushed if the document changed."], partNumber: e.PartNumber);

    /// <summary>The line a card gets when a settling signal ends its subject; null when the signal is not about this card.</summary>
    public static string? SettledOutcome(ActivityRow row, SiloModSignal signal)
    {
        ArgumentNullException.ThrowIfNull(row);
        var (session, objectId) = signal switch
        {
            SessionEnded e => (e.SessionId, e.ObjectId),
            HandoffSent e => (e.SessionId, e.ObjectId),
            _ => (null, null),
        };
        if (string.IsNullOrEmpty(session) || row.Subject != session) return null;
        var obj = string.IsNullOrEmpty(objectId) ? "the object" : objectId;
        return (signal, row.Kind) switch
        {
            (HandoffSent sent, "hard_interference_blocked") => HandoffSentOutcome(sent.HolderUser),
            (HandoffSent, _) => null,
            (SessionEnded ended, "hard_interference_blocked") => $"{(string.IsNullOrEmpty(ended.User) ? "The other user" : ended.User)} finished editing {obj}: you can edit it now.",
            (SessionEnded, "handoff_requested") => $"The request is settled: your session on {obj} ended.",
            _ => $"The session on {obj} ended.",
        };
    }

    // Said by the pane's click and by the core's handoff_sent alike, so the card says it once.
    private static string HandoffSentOutcome(string? holder) =>
        $"Handoff requested from {(string.IsNullOrEmpty(holder) ? "the other user" : holder)} — you are told when they release it.";
}
