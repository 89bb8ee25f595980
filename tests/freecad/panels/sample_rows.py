"""Rows as the core's activity feed words them (SiloMod.Core.Activity), for the pane's GUI test.

The wording itself is the core's and is tested there (tests/SiloMod.Core.Tests/Activity); these
only give the pane rows of every shape: no button to three, every level, long details.
"""

import fake_dotnet as net

A = net.ActivityActionKind
PART_FILE = "/projects/PRT-100.FCStd"


def _row(id_, kind, icon, title, details=(), actions=(), level=net.ActivityLevel.Info, part_number=None, subject=None):
    return net.ActivityRow(kind, icon, title, tuple(details), tuple(actions), level, part_number, None, subject, id_)


def view(part_number):
    return net.ActivityAction(A.ViewInSilo, "View in Silo →", PartNumber=part_number)


ROWS = [
    _row(1, "checkpoint_pushed", "⬆", "Checkpoint: PRT-100 (body_close) — 3 subscribers notified", part_number="PRT-100"),
    _row(2, "bulk_sync_complete", "⬇", "Synced 12 files (PRT-200, PRT-201, PRT-202…)",
         ["Subscription: Rover"] + [f"⬇ Synced: PRT-2{i:02d} rev 1" for i in range(12)]),
    _row(3, "file_synced", "⬇", "Synced: PRT-100 rev 3 → rev 5",
         actions=[net.ActivityAction(A.Open, "Open", Path=PART_FILE), view("PRT-100")], part_number="PRT-100"),
    _row(4, "file_conflict", "⚠", "Conflict: PRT-102 — a newer version is on the server",
         ["PRT-102.FCStd: your local file changed since the last sync.", "Overwrite replaces your local changes; Skip keeps them."],
         [net.ActivityAction(A.Overwrite, "Overwrite", PartNumber="PRT-102"), net.ActivityAction(A.Skip, "Skip", PartNumber="PRT-102")],
         net.ActivityLevel.Warning, "PRT-102"),
    _row(5, "presence_changed", "👥", "Presence changed: PRT-100", ["alice is editing Body (partdesign) since 14:00"], part_number="PRT-100"),
    _row(6, "hard_interference_blocked", "🔒", "Blocked: cannot edit Sketch001 on PRT-100", ["alice is editing on ws-alice (since 14:00)"],
         [net.ActivityAction(A.RequestHandoff, "Request Handoff", PartNumber="PRT-100", SessionId="s-alice")],
         net.ActivityLevel.Error, "PRT-100", "s-alice"),
    _row(7, "handoff_requested", "🔔", "alice requests Sketch001 on PRT-100", ['"Would like to edit the mounting holes"'],
         [net.ActivityAction(A.ReleaseNow, "Release Now", PartNumber="PRT-100", SessionId="s-mine"),
          net.ActivityAction(A.Defer, "Defer"), net.ActivityAction(A.Dismiss, "Dismiss")],
         net.ActivityLevel.Warning, "PRT-100", "s-mine"),
    _row(8, "leftovers_removed", "🧹", "Cleaned up 13 unfinished files (256.0 MB) from an interrupted session",
         ["Removed 12 unfinished downloads and 1 half-written file (256 MB) that SiloMod left when it last stopped without finishing "
          "them, in /projects/Brackets. Nothing of yours was in them: unfinished downloads are fetched again."]),
    _row(9, "sync_error", "❌", "Sync error: PRT-105 — Hash mismatch after download", level=net.ActivityLevel.Error, part_number="PRT-105"),
    _row(10, "push_conflict", "⛔", "Not pushed: PRT-300 — alice has a newer version",
         ["PRT-300 has alice's checkpoint body_close of 14:00, which your file was not based on: your body_close checkpoint was not "
          "pushed, so their work is not lost. Yours is kept beside it as PRT-300 (conflict copy, bob, 2026-02-16 14-05).FCStd.",
          "Overwrite theirs pushes yours over it (theirs stays on the server); Keep as a copy and Discard mine bring your document "
          "to the newer version."],
         [net.ActivityAction(kind, label, PartNumber="PRT-300", ConflictId="e-7")
          for kind, label in ((A.OverwriteTheirs, "Overwrite theirs"), (A.KeepAsCopy, "Keep as a copy"), (A.DiscardMine, "Discard mine"))],
         net.ActivityLevel.Error, "PRT-300"),
    _row(11, "document_replaced", "⬇", "Updated: PRT-302",
         ["PRT-302.FCStd now holds alice's checkpoint body_close of 14:00.",
          "What only your file had is kept as PRT-302 (conflict copy, bob, 2026-02-16 14-05).FCStd."],
         [net.ActivityAction(A.Open, "Open", Path="/work/PRT-302.FCStd"), view("PRT-302")], part_number="PRT-302"),
]
