using SiloMod.Core.Signals;

namespace SiloMod.Core.Activity;

/// <summary>
/// The row for each signal kind: its icon, title, details and buttons. Nothing here decides
/// anything about syncing or locking; the core has decided already, this only words the outcome.
/// </summary>
public static partial class RowTexts
{
    /// <summary>The row for <paramref name="signal"/>, or null for the kinds that only settle other rows.</summary>
    public static ActivityRow? For(SiloModSignal signal, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return signal switch
        {
            SessionEnded or HandoffSent => null,
            CheckpointPushed e => CheckpointPushed(e),
            CheckpointQueued e => CheckpointQueued(e),
            PushConflict e => PushConflict(e),
            PushConflictResolved e => PushConflictResolved(e),
            DocumentReplaced e => DocumentReplaced(e),
            LeftoversRemoved e => LeftoversRemoved(e),
            FileSynced e => FileSynced(e),
            FileDeferred e => FileDeferred(e),
            FileConflict e => FileConflict(e),
            BulkSyncComplete e => BulkSyncComplete(e),
            SyncNowFinished e => SyncNowFinished(e),
            FileUntracked e => FileUntracked(e),
            SyncError e => SyncError(e),
            PresenceChanged e => PresenceChanged(e),
            SoftInterference e => SoftInterference(e),
            HardInterferenceBlocked e => HardInterferenceBlocked(e, zone),
            OfflineEditing e => OfflineEditing(e),
            HandoffRequested e => HandoffRequested(e),
            LeaveContextRequested e => LeaveContextRequested(e),
            // A kind newer than this wording: still shown (the record's own text), never dropped.
            _ => Row(signal.Kind, "•", $"Event: {signal.Kind}", [signal.ToString()]),
        };
    }

    private static ActivityRow Row(string kind, string icon, string title, IReadOnlyList<string>? details = null, IReadOnlyList<ActivityAction>? actions = null,
        ActivityLevel level = ActivityLevel.Info, string? partNumber = null, string? mergeKey = null, string? subject = null) =>
        new(kind, icon, title, details ?? [], actions ?? [], level, partNumber, mergeKey, subject);

    private static string[] Lines(params string?[] lines) => [.. lines.Where(line => !string.IsNullOrEmpty(line)).Select(line => line!)];
}
