using Silo.Client.Events;
using SiloMod.Core.Sync;

namespace SiloMod.Core.Activity;

/// <summary>The words for the core's <see cref="SyncStatus"/>: the Activity pane's header and the Sync Status dialog.</summary>
public static class StatusTexts
{
    /// <summary>"🟢 Connected"; "⚪ Not started" before the core runs.</summary>
    public static string Connection(ConnectionState? state) => state switch
    {
        ConnectionState.Connected => "🟢 Connected",
        ConnectionState.Reconnecting => "🟡 Reconnecting…",
        ConnectionState.Offline => "🔴 Offline",
        null => "⚪ Not started",
        _ => $"⚪ {state}",
    };

    /// <summary>"2 pending · 1 checkpoint queued · … · last sync 14:05"; a placeholder before the core answered.</summary>
    public static string Counts(SyncStatus? status, TimeZoneInfo zone)
    {
        if (status is null) return "No sync status yet";
        List<string> parts =
        [
            $"{status.Pending} pending",
            Words.Plural(status.Checkpoints, "checkpoint") + " queued",
            $"{status.Deferred} deferred",
            Words.Plural(status.Conflicts, "conflict"),
        ];
        if (status.PushConflicts > 0) parts.Add(Words.Plural(status.PushConflicts, "push", "pushes") + " to settle");
        parts.Add(status.LastSyncAt is null ? "never synced" : $"last sync {ClockText.Of(status.LastSyncAt, zone)}");
        return string.Join(" · ", parts);
    }

    public static string Header(SyncStatus? status, TimeZoneInfo zone) => $"{Connection(status?.Connection)}   {Counts(status, zone)}";

    /// <summary>The last sync as the Sync Status dialog shows it: its time, or "never".</summary>
    public static string LastSync(SyncStatus status, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.LastSyncAt is null ? "never" : ClockText.Of(status.LastSyncAt, zone);
    }
}
