"""One event of every kind the core pushes, shaped as the bridge delivers them (snake_case JSON)."""

SINCE = "2026-02-16T14:00:00.1234567+00:00"

EVENTS = [
    {"kind": "connection", "state": "connected"},
    {"kind": "status", "pending": 2, "checkpoints": 1, "deferred": 1, "conflicts": 1, "connection": "connected",
     "last_sync_at": "2026-02-16T14:05:00+00:00"},
    {"kind": "checkpoint_pushed", "part_number": "PRT-100", "context": "body_close", "subscribers_notified": 3,
     "checkpoint_id": "cp-1", "file_hash": "ab12"},
    {"kind": "checkpoint_queued", "part_number": "PRT-104", "context": "sketch_close",
     "reason": "Server unreachable"},
    {"kind": "file_synced", "part_number": "PRT-100", "path": "/projects/PRT-100.FCStd", "revision": 5,
     "is_checkpoint": False, "checkpoint_user": None, "checkpoint_context": None, "previous_revision": 3},
    {"kind": "file_synced", "part_number": "PRT-100", "path": "/projects/PRT-100.FCStd", "revision": None,
     "is_checkpoint": True, "checkpoint_user": "alice", "checkpoint_context": "body_close",
     "previous_revision": 5},
    {"kind": "file_deferred", "part_number": "PRT-101", "path": "/projects/PRT-101.FCStd", "target_revision": 4,
     "is_checkpoint": False},
    {"kind": "file_conflict", "part_number": "PRT-102", "path": "/projects/PRT-102.FCStd",
     "conflict_type": "local_modified"},
    {"kind": "file_untracked", "part_number": "PRT-099", "path": "/projects/PRT-099.FCStd"},
    {"kind": "presence_changed", "part_number": "PRT-100"},
    {"kind": "soft_interference", "part_number": "PRT-100", "user": "alice", "object_id": "Sketch003",
     "shared_nodes": ["Pad003", "Fillet005"]},
    {"kind": "hard_interference_blocked", "part_number": "PRT-100", "holder_user": "alice",
     "object_id": "Sketch001", "since": SINCE, "holder_session_id": "s-alice", "holder_workstation": "ws-alice"},
    {"kind": "offline_editing", "part_number": "PRT-103", "object_id": "Sketch002",
     "reason": "Server did not answer within 1.5 s"},
    {"kind": "handoff_requested", "part_number": "PRT-100", "requester": "alice",
     "message": "Would like to edit the mounting holes", "session_id": "s-mine", "object_id": "Sketch001"},
    {"kind": "leave_context_requested", "part_number": "PRT-100", "object_id": "Sketch001",
     "session_id": "s-mine"},
    {"kind": "sync_error", "part_number": "PRT-105", "message": "Hash mismatch after download"},
    {"kind": "leftovers_removed", "files": 13, "downloads": 12, "bytes": 268435456,
     "message": "Removed 12 unfinished downloads and 1 half-written file (256 MB) that SiloMod left when it last stopped "
                "without finishing them, in /projects/Brackets. Nothing of yours was in them: unfinished downloads are fetched again."},
    {"kind": "push_conflict", "part_number": "PRT-300", "context": "body_close", "source_path": "/work/PRT-300.FCStd",
     "copy_path": "/work/PRT-300 (conflict copy, bob, 2026-02-16 14-05).FCStd",
     "head": {"version": 7, "kind": "checkpoint", "id": "cp-7", "file_hash": "cd34", "file_size": 1200, "user": "alice",
              "context": "body_close", "revision": None, "created_at": SINCE, "base": None, "replaced": None, "available": True},
     "message": "PRT-300 has alice's checkpoint body_close of 14:00, which your file was not based on: your body_close "
                "checkpoint was not pushed, so their work is not lost. Yours is kept beside it as PRT-300 (conflict copy, bob, "
                "2026-02-16 14-05).FCStd.", "conflict_id": "e-7"},
    {"kind": "push_conflict_resolved", "part_number": "PRT-301", "choice": "keep_as_copy",
     "message": "PRT-301.FCStd is now alice's checkpoint body_close of 14:00; your version is kept as /work/PRT-301 (conflict copy).FCStd."},
    {"kind": "document_replaced", "part_number": "PRT-302", "path": "/work/PRT-302.FCStd",
     "version": "alice's checkpoint body_close of 14:00", "copy_path": "/work/PRT-302 (conflict copy, bob, 2026-02-16 14-05).FCStd"},
]

# A sync that brought several files: the per-file events, then the summary.
BULK = [
    {"kind": "file_synced", "part_number": f"PRT-2{i:02d}", "path": f"/projects/PRT-2{i:02d}.FCStd",
     "revision": 1, "is_checkpoint": False, "previous_revision": None}
    for i in range(12)
] + [{"kind": "bulk_sync_complete", "count": 12, "target": "Rover"}]

ALL_KINDS = sorted({e["kind"] for e in EVENTS + BULK})

# Events that settle cards rather than add rows (the core's session_ended and handoff_sent).
SETTLING = [
    {"kind": "handoff_sent", "part_number": "PRT-100", "session_id": "s-alice", "holder_user": "alice",
     "object_id": "Sketch001"},
    {"kind": "session_ended", "part_number": "PRT-100", "session_id": "s-alice", "user": "alice",
     "object_id": "Sketch001", "reason": "checkpoint"},
    {"kind": "session_ended", "part_number": "PRT-100", "session_id": "s-mine", "user": "bob",
     "object_id": "Sketch001", "reason": "released"},
]
