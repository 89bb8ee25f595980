"""One signal of every kind the core raises, as the records the facade's Signals stream delivers."""

import fake_dotnet as net

SINCE = net.DateTimeOffset("2026-02-16T14:00:00.123456+00:00")

STATUS = net.SyncStatus(2, 1, 1, 1, net.ConnectionState.Connected, net.DateTimeOffset("2026-02-16T14:05:00+00:00"))

EVENTS = [
    net.CheckpointPushed("PRT-100", "body_close", 3, "cp-1", "ab12"),
    net.CheckpointQueued("PRT-104", "sketch_close", "Server unreachable"),
    net.FileSynced("PRT-100", "/projects/PRT-100.FCStd", 5, False, None, None, 3),
    net.FileSynced("PRT-100", "/projects/PRT-100.FCStd", None, True, "alice", "body_close", 5),
    net.FileDeferred("PRT-101", "/projects/PRT-101.FCStd", 4, False),
    net.FileConflict("PRT-102", "/projects/PRT-102.FCStd", "local_modified"),
    net.FileUntracked("PRT-099", "/projects/PRT-099.FCStd"),
    net.SyncNowFinished(0, 1, 1),
    net.PresenceChanged("PRT-100"),
    net.SoftInterference("PRT-100", "alice", "Sketch003", ["Pad003", "Fillet005"]),
    net.HardInterferenceBlocked("PRT-100", "alice", "Sketch001", SINCE, "s-alice", "ws-alice"),
    net.OfflineEditing("PRT-103", "Sketch002", "Server did not answer within 1.5 s"),
    net.HandoffRequested("PRT-100", "alice", "Would like to edit the mounting holes", "s-mine", "Sketch001"),
    net.LeaveContextRequested("PRT-100", "Sketch001", "s-mine"),
    net.SyncError("PRT-105", "Hash mismatch after download"),
    net.LeftoversRemoved(
        13, 12, 268435456,
        "Removed 12 unfinished downloads and 1 half-written file (256 MB) that SiloMod left when it last stopped "
        "without finishing them, in /projects/Brackets. Nothing of yours was in them: unfinished downloads are fetched again."),
    net.PushConflict(
        "PRT-300", "body_close", "/work/PRT-300.FCStd", "/work/PRT-300 (conflict copy, bob, 2026-02-16 14-05).FCStd",
        net.ItemVersion(7, "checkpoint", "cp-7", "cd34", 1200, "alice", "body_close", None, SINCE),
        "PRT-300 has alice's checkpoint body_close of 14:00, which your file was not based on: your body_close "
        "checkpoint was not pushed, so their work is not lost. Yours is kept beside it as PRT-300 (conflict copy, bob, "
        "2026-02-16 14-05).FCStd.", "e-7"),
    net.PushConflictResolved(
        "PRT-301", "keep_as_copy",
        "PRT-301.FCStd is now alice's checkpoint body_close of 14:00; your version is kept as /work/PRT-301 (conflict copy).FCStd."),
    net.DocumentReplaced("PRT-302", "/work/PRT-302.FCStd", "alice's checkpoint body_close of 14:00",
                         "/work/PRT-302 (conflict copy, bob, 2026-02-16 14-05).FCStd"),
]

# A sync that brought several files: the per-file signals, then the summary.
BULK = [
    net.FileSynced(f"PRT-2{i:02d}", f"/projects/PRT-2{i:02d}.FCStd", 1, False)
    for i in range(12)
] + [net.BulkSyncComplete(12, "Rover")]

ALL_KINDS = sorted({e.Kind for e in EVENTS + BULK})

# Signals that settle cards rather than add rows (the core's SessionEnded and HandoffSent).
SETTLING = [
    net.HandoffSent("PRT-100", "s-alice", "alice", "Sketch001"),
    net.SessionEnded("PRT-100", "s-alice", "alice", "Sketch001", "checkpoint"),
    net.SessionEnded("PRT-100", "s-mine", "bob", "Sketch001", "released"),
]
