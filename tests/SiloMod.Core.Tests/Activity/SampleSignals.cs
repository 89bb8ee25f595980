using Microsoft.Extensions.Time.Testing;
using Silo.Client.Events;
using Silo.Protocol.Lineage;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;
using Silo.Testing;

namespace SiloMod.Core.Tests.Activity;

/// <summary>One signal of every kind the core raises, with the values the texts are checked against.</summary>
internal static class SampleSignals
{
    /// <summary>The test clock, in UTC as its local zone, so the times the texts show are the samples' own.</summary>
    public static FakeTimeProvider UtcClock()
    {
        var clock = TestClock.New();
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        return clock;
    }

    public static readonly DateTimeOffset Since = new(2026, 2, 16, 14, 0, 0, 123, TimeSpan.Zero);

    public static readonly SyncStatus Status = new(2, 1, 1, 1, ConnectionState.Connected, new DateTimeOffset(2026, 2, 16, 14, 5, 0, TimeSpan.Zero));

    public static readonly CheckpointPushed Pushed = new("PRT-100", "body_close", 3, "cp-1", "ab12");
    public static readonly CheckpointQueued Queued = new("PRT-104", "sketch_close", "Server unreachable");
    public static readonly FileSynced RevisionSynced = new("PRT-100", "/projects/PRT-100.FCStd", 5, false, PreviousRevision: 3);
    public static readonly FileSynced CheckpointSynced = new("PRT-100", "/projects/PRT-100.FCStd", null, true, "alice", "body_close", 5);
    public static readonly FileDeferred Deferred = new("PRT-101", "/projects/PRT-101.FCStd", 4, false);
    public static readonly FileConflict Conflict = new("PRT-102", "/projects/PRT-102.FCStd", "local_modified");
    public static readonly FileUntracked Untracked = new("PRT-099", "/projects/PRT-099.FCStd");
    public static readonly SyncNowFinished SyncNowDone = new(0, 1, 1);
    public static readonly PresenceChanged PresenceMoved = new("PRT-100");
    public static readonly SoftInterference Soft = new("PRT-100", "alice", "Sketch003", ["Pad003", "Fillet005"]);
    public static readonly HardInterferenceBlocked Blocked = new("PRT-100", "alice", "Sketch001", Since, "s-alice", "ws-alice");
    public static readonly OfflineEditing Offline = new("PRT-103", "Sketch002", "Server did not answer within 1.5 s");
    public static readonly HandoffRequested Handoff = new("PRT-100", "alice", "Would like to edit the mounting holes", "s-mine", "Sketch001");
    public static readonly LeaveContextRequested LeaveContext = new("PRT-100", "Sketch001", "s-mine");
    public static readonly SyncError Error = new("PRT-105", "Hash mismatch after download");

    public static readonly LeftoversRemoved Leftovers = new(
        13, 12, 268435456,
        "Removed 12 unfinished downloads and 1 half-written file (256 MB) that SiloMod left when it last stopped without finishing them, "
        + "in /projects/Brackets. Nothing of yours was in them: unfinished downloads are fetched again.");

    public static readonly PushConflict Refused = new(
        "PRT-300", "body_close", "/work/PRT-300.FCStd", "/work/PRT-300 (conflict copy, bob, 2026-02-16 14-05).FCStd",
        new ItemVersion(7, "checkpoint", "cp-7", "cd34", 1200, "alice", "body_close", null, Since),
        "PRT-300 has alice's checkpoint body_close of 14:00, which your file was not based on: your body_close checkpoint was not pushed, "
        + "so their work is not lost. Yours is kept beside it as PRT-300 (conflict copy, bob, 2026-02-16 14-05).FCStd.", "e-7");

    public static readonly PushConflictResolved RefusalSettled = new(
        "PRT-301", "keep_as_copy", "PRT-301.FCStd is now alice's checkpoint body_close of 14:00; your version is kept as /work/PRT-301 (conflict copy).FCStd.");

    public static readonly DocumentReplaced Replaced = new(
        "PRT-302", "/work/PRT-302.FCStd", "alice's checkpoint body_close of 14:00", "/work/PRT-302 (conflict copy, bob, 2026-02-16 14-05).FCStd");

    public static readonly IReadOnlyList<SiloModSignal> All =
    [
        Pushed, Queued, RevisionSynced, CheckpointSynced, Deferred, Conflict, Untracked, SyncNowDone,
        PresenceMoved, Soft, Blocked, Offline, Handoff, LeaveContext, Error, Leftovers,
        Refused, RefusalSettled, Replaced,
    ];

    /// <summary>A sync that brought several files: the per-file signals, then the summary.</summary>
    public static readonly IReadOnlyList<SiloModSignal> Bulk =
    [
        .. Enumerable.Range(0, 12).Select(i => new FileSynced($"PRT-2{i:00}", $"/projects/PRT-2{i:00}.FCStd", 1, false)),
        new BulkSyncComplete(12, "Rover"),
    ];

    public static readonly HandoffSent HandoffSentToAlice = new("PRT-100", "s-alice", "alice", "Sketch001");
    public static readonly SessionEnded AliceSessionEnded = new("PRT-100", "s-alice", "alice", "Sketch001", "checkpoint");
    public static readonly SessionEnded MySessionEnded = new("PRT-100", "s-mine", "bob", "Sketch001", "released");

    public static readonly PresenceEntry AliceInBody = new("s-alice", "alice", "PRT-100", "partdesign", "Body", new DateTimeOffset(2026, 2, 16, 14, 0, 0, TimeSpan.Zero));
    public static readonly PresenceEntry BobInSketch = new("s-bob", "bob", "ASM-200", "sketch", "Sketch004", new DateTimeOffset(2026, 2, 16, 14, 10, 0, TimeSpan.Zero));
}
