using SiloMod.Core.Activity;
using SiloMod.Core.Signals;
using static SiloMod.Core.Tests.Activity.SampleSignals;

namespace SiloMod.Core.Tests.Activity;

public sealed class RowTextsTests
{
    private static ActivityRow Row(SiloModSignal signal) => RowTexts.For(signal, TimeZoneInfo.Utc) ?? throw new InvalidOperationException($"{signal.Kind} made no row");

    private static ActivityActionKind[] Kinds(ActivityRow row) => [.. row.Actions.Select(a => a.Kind)];

    [Fact]
    public void For_EverySampleKind_HasItsOwnWording()
    {
        var unworded = All.Concat(Bulk).Where(e => Row(e).Icon == "•").Select(e => e.Kind);

        Assert.Empty(unworded);
    }

    [Fact]
    public void For_SettlingKinds_MakeNoRow()
    {
        Assert.Null(RowTexts.For(HandoffSentToAlice, TimeZoneInfo.Utc));
        Assert.Null(RowTexts.For(MySessionEnded, TimeZoneInfo.Utc));
    }

    [Fact]
    public void For_LeftoversRemoved_SaysHowMuchWasCleaned()
    {
        var row = Row(Leftovers);

        Assert.Equal("🧹 Cleaned up 13 unfinished files (256.0 MB) from an interrupted session", row.Text);
        Assert.Contains("Nothing of yours was in them", row.Details[0], StringComparison.Ordinal);
        Assert.Empty(row.Actions);
        Assert.Equal(ActivityLevel.Info, row.Level);
    }

    [Fact]
    public void For_SmallLeftovers_AreCountedInKilobytes()
    {
        Assert.Contains("(2 KB)", Row(Leftovers with { Files = 1, Bytes = 2048 }).Title, StringComparison.Ordinal);
    }

    [Fact]
    public void For_CheckpointPushed_CountsTheSubscribersNotified()
    {
        var row = Row(Pushed);

        Assert.Equal("⬆ Checkpoint: PRT-100 (body_close) — 3 subscribers notified", row.Text);
        Assert.Empty(row.Actions);
        Assert.Null(row.MergeKey);
    }

    [Fact]
    public void For_CheckpointPushedToOneSubscriber_IsSingular()
    {
        Assert.EndsWith("— 1 subscriber notified", Row(Pushed with { SubscribersNotified = 1 }).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void For_PushConflict_OffersTheThreeWaysAndNamesWhoIsNewer()
    {
        var row = Row(Refused);

        Assert.Equal("⛔ Not pushed: PRT-300 — alice has a newer version", row.Text);
        Assert.Equal([ActivityActionKind.OverwriteTheirs, ActivityActionKind.KeepAsCopy, ActivityActionKind.DiscardMine], Kinds(row));
        Assert.Equal(["Overwrite theirs", "Keep as a copy", "Discard mine"], row.Actions.Select(a => a.Label));
        Assert.Equal(["overwrite_theirs", "keep_as_copy", "discard_mine"], row.Actions.Select(a => a.Key));
        Assert.All(row.Actions, a => Assert.Equal(("PRT-300", "e-7"), (a.PartNumber, a.ConflictId)));
        Assert.Contains("conflict copy, bob", row.Details[0], StringComparison.Ordinal);
        Assert.Equal(ActivityLevel.Error, row.Level);
    }

    [Fact]
    public void For_PushConflictWithoutHead_SaysSomeoneElse()
    {
        Assert.Contains("someone else has a newer version", Row(Refused with { Head = null }).Title, StringComparison.Ordinal);
    }

    [Fact]
    public void For_DocumentReplaced_SaysWhatItHoldsAndWhereMineWent()
    {
        var row = Row(Replaced);

        Assert.Equal("⬇ Updated: PRT-302", row.Text);
        Assert.Equal("PRT-302.FCStd now holds alice's checkpoint body_close of 14:00.", row.Details[0]);
        Assert.Contains("PRT-302 (conflict copy, bob, 2026-02-16 14-05).FCStd", row.Details[1], StringComparison.Ordinal);
        Assert.Equal([ActivityActionKind.Open, ActivityActionKind.ViewInSilo], Kinds(row));
    }

    [Fact]
    public void For_OlderVersionConflict_IsWorded()
    {
        Assert.Contains("newer version than the one your subscription asks for", Row(Conflict with { ConflictType = "older_version" }).Details[0], StringComparison.Ordinal);
    }

    [Fact]
    public void For_CheckpointQueued_IsAWarningWithItsReason()
    {
        var row = Row(Queued);

        Assert.Equal("⏳ Checkpoint queued (offline): PRT-104 (sketch_close)", row.Text);
        Assert.Contains("Server unreachable", row.Details);
        Assert.Equal(ActivityLevel.Warning, row.Level);
    }

    [Fact]
    public void For_RevisionSynced_ShowsFromWhichRevisionToWhich()
    {
        var row = Row(RevisionSynced);

        Assert.Equal("⬇ Synced: PRT-100 rev 3 → rev 5", row.Text);
        Assert.Equal([ActivityActionKind.Open, ActivityActionKind.ViewInSilo], Kinds(row));
        Assert.Equal(["Open", "View in Silo →"], row.Actions.Select(a => a.Label));
        Assert.Equal("/projects/PRT-100.FCStd", row.Action(ActivityActionKind.Open)!.Path);
        Assert.Equal("PRT-100", row.Action(ActivityActionKind.ViewInSilo)!.PartNumber);
    }

    [Fact]
    public void For_FirstRevision_HasNoArrow()
    {
        Assert.Equal("⬇ Synced: PRT-100 rev 5", Row(RevisionSynced with { PreviousRevision = null }).Text);
    }

    [Fact]
    public void For_CheckpointSynced_NamesWhoFinishedWhat()
    {
        var row = Row(CheckpointSynced);

        Assert.Equal("⬇ Updated: PRT-100 — alice finished editing Body", row.Text);
        Assert.Equal(["Working checkpoint (not a formal revision)"], row.Details);
        Assert.Equal([ActivityActionKind.Open, ActivityActionKind.ViewInSilo], Kinds(row));
    }

    [Theory]
    [InlineData("alice", "manual", "alice saved a manual checkpoint")]
    [InlineData("alice", "part_close", "alice finished editing part_close")]
    [InlineData("alice", null, "new checkpoint from alice")]
    [InlineData(null, "body_close", "new working checkpoint")]
    public void For_CheckpointSyncedOfOtherContexts_IsWorded(string? user, string? context, string what)
    {
        Assert.Equal($"Updated: PRT-100 — {what}", Row(CheckpointSynced with { CheckpointUser = user, CheckpointContext = context }).Title);
    }

    [Fact]
    public void For_FileDeferred_WaitsForTheFileToClose()
    {
        Assert.Equal("⏸ Deferred: PRT-101 rev 4 — waiting for you to close PRT-101.FCStd", Row(Deferred).Text);
        Assert.Contains("working checkpoint", Row(Deferred with { IsCheckpoint = true }).Title, StringComparison.Ordinal);
    }

    [Fact]
    public void For_FileConflict_OffersOverwriteAndSkip()
    {
        var row = Row(Conflict);

        Assert.Equal("⚠ Conflict: PRT-102 — a newer version is on the server", row.Text);
        Assert.Equal([ActivityActionKind.Overwrite, ActivityActionKind.Skip], Kinds(row));
        Assert.Equal("PRT-102", row.Action(ActivityActionKind.Skip)!.PartNumber);
        Assert.Contains("PRT-102.FCStd: your local file changed since the last sync.", row.Details);
    }

    [Fact]
    public void For_FileUntracked_KeepsTheFile()
    {
        var row = Row(Untracked);

        Assert.Equal("⊘ No longer tracked: PRT-099", row.Text);
        Assert.Contains("the file stays where it is", row.Details[0], StringComparison.Ordinal);
    }

    [Fact]
    public void For_PresenceChanged_MergesByItem()
    {
        var row = Row(PresenceMoved);

        Assert.Equal("👥 Presence changed: PRT-100", row.Text);
        Assert.Equal("presence:PRT-100", row.MergeKey);
    }

    [Fact]
    public void For_SoftInterference_NamesTheSharedNodes()
    {
        var row = Row(Soft);

        Assert.Equal("⚠ alice is editing Sketch003 on PRT-100", row.Text);
        Assert.Equal(["Shares downstream: Pad003, Fillet005"], row.Details);
        Assert.Empty(row.Actions);
    }

    [Fact]
    public void For_SoftInterferenceWithManyNodes_ShortensTheList()
    {
        var row = Row(Soft with { SharedNodes = [.. Enumerable.Range(0, 8).Select(i => $"Pad{i}")] });

        Assert.Equal(["Shares downstream: Pad0, Pad1, Pad2, Pad3, Pad4 and 3 more"], row.Details);
    }

    [Fact]
    public void For_HardInterferenceBlocked_OffersAHandoffFromTheHolder()
    {
        var row = Row(Blocked);

        Assert.Equal("🔒 Blocked: cannot edit Sketch001 on PRT-100", row.Text);
        Assert.Equal(["alice is editing on ws-alice (since 14:00)"], row.Details);
        var handoff = Assert.Single(row.Actions);
        Assert.Equal((ActivityActionKind.RequestHandoff, "PRT-100", "s-alice"), (handoff.Kind, handoff.PartNumber, handoff.SessionId));
        Assert.StartsWith("Handoff requested from alice", handoff.Outcome, StringComparison.Ordinal);
        Assert.Equal("s-alice", row.Subject);
    }

    [Fact]
    public void For_HardInterferenceBlocked_ShowsTheTimeInTheGivenZone()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("UTC+2", TimeSpan.FromHours(2), "UTC+2", "UTC+2");

        Assert.Equal(["alice is editing on ws-alice (since 16:00)"], RowTexts.For(Blocked, zone)!.Details);
    }

    [Fact]
    public void For_BlockedByCheckOut_OffersNoHandoff()
    {
        var row = Row(Blocked with { HolderSessionId = null });

        Assert.Equal(["alice has PRT-100 checked out (since 14:00)"], row.Details);
        Assert.Empty(row.Actions);
        Assert.Null(row.Subject);
    }

    [Fact]
    public void For_OfflineEditing_GivesTheReason()
    {
        var row = Row(Offline);

        Assert.Equal("📴 Offline editing: Sketch002 on PRT-103", row.Text);
        Assert.Contains("Server did not answer within 1.5 s", row.Details);
    }

    [Fact]
    public void For_HandoffRequested_OffersReleaseDeferAndDismiss()
    {
        var row = Row(Handoff);

        Assert.Equal("🔔 alice requests Sketch001 on PRT-100", row.Text);
        Assert.Equal(["\"Would like to edit the mounting holes\""], row.Details);
        Assert.Equal(["Release Now", "Defer", "Dismiss"], row.Actions.Select(a => a.Label));
        Assert.Equal("s-mine", row.Action(ActivityActionKind.ReleaseNow)!.SessionId);
    }

    [Fact]
    public void For_LeaveContextRequested_SaysWhatIsReleased()
    {
        Assert.Equal("↩ Releasing Sketch001 on PRT-100", Row(LeaveContext).Text);
    }

    [Fact]
    public void For_SyncError_NamesTheItemWhenThereIsOne()
    {
        var row = Row(Error);

        Assert.Equal("❌ Sync error: PRT-105 — Hash mismatch after download", row.Text);
        Assert.Equal(ActivityLevel.Error, row.Level);
        Assert.Equal("❌ Sync error: boom", Row(new SyncError(null, "boom")).Text);
    }

    [Fact]
    public void For_SyncNowFinished_SaysWhatStillWaits()
    {
        Assert.Equal("⟳ Sync Now finished: everything is up to date", Row(new SyncNowFinished(0, 0, 0)).Text);

        var waiting = Row(new SyncNowFinished(1, 2, 0));

        Assert.Equal("⟳ Sync Now finished", waiting.Text);
        Assert.Equal(["2 downloads waiting for the file to be closed", "1 download to retry"], waiting.Details);
    }

    [Fact]
    public void For_UnknownKind_StillShowsWithTheRecordsOwnText()
    {
        var row = Row(new BrandNew(1));

        Assert.Equal("• Event: brand_new", row.Text);
        Assert.Contains("X = 1", Assert.Single(row.Details), StringComparison.Ordinal);
    }

    private sealed record BrandNew(int X) : SiloModSignal
    {
        public override string Kind => "brand_new";
    }
}
