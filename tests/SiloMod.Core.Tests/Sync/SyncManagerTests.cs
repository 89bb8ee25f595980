using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Silo.Protocol.EditSessions;
using Silo.Client.Errors;
using Silo.Client.Events;
using Silo.Protocol.Subscriptions;
using Silo.Client.Sync;
using Silo.Protocol.Lineage;
using SiloMod.Core.Probes;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.Sync;

public sealed class SyncManagerTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RevisionEvent_DownloadsAcksRecordsAndSignals()
    {
        await using var h = new InboundHarness();
        var entry = h.Offer("PRT-1", "rev 2", revision: 2);
        h.ServeDiff(entry);
        await h.Manager.StartAsync();
        var synced = h.Recorder.Next<FileSynced>();

        h.Events.Push(EventTypes.SubscriptionRevision, "PRT-1", new SubscriptionRevision("PRT-1", "id-PRT-1", 2, "released", entry.FileHash!));

        var signal = await synced;
        Assert.Equal(new FileSynced("PRT-1", h.PathOf("PRT-1"), 2, false), signal);
        Assert.Equal("rev 2", File.ReadAllText(h.PathOf("PRT-1")));
        await h.Client.Received(1).AckSyncAsync(InboundHarness.Workstation,
            Arg.Is<SyncAck>(a => a.ItemId == "id-PRT-1" && a.Revision == 2 && !a.IsCheckpoint && a.FileHash == entry.FileHash), Arg.Any<CancellationToken>());
        Assert.Equal((entry.FileHash, 2), (h.State.Get("PRT-1")!.FileHash, h.State.Get("PRT-1")!.Revision));
    }

    [Fact]
    public async Task CheckpointEvent_FromOtherUser_DownloadsAndAcksCheckpoint()
    {
        await using var h = new InboundHarness();
        var entry = h.Offer("PRT-1", "alice's body", checkpoint: true, checkpointUser: "alice");
        h.ServeDiff(entry);
        await h.Manager.StartAsync();
        var synced = h.Recorder.Next<FileSynced>();

        h.Events.Push(EventTypes.SubscriptionCheckpoint, "PRT-1",
            new SubscriptionCheckpoint("PRT-1", "id-PRT-1", entry.CheckpointId!, "body_close", "alice", entry.FileHash!, 12, At));

        var signal = await synced;
        Assert.Equal((true, "alice", "body_close"), (signal.IsCheckpoint, signal.CheckpointUser, signal.CheckpointContext));
        await h.Client.Received(1).AckSyncAsync(InboundHarness.Workstation,
            Arg.Is<SyncAck>(a => a.IsCheckpoint && a.CheckpointId == entry.CheckpointId), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task CheckpointEvent_OwnUser_ReadsNoDiff()
    {
        await using var h = new InboundHarness();
        await h.Manager.StartAsync();

        h.Events.Push(EventTypes.SubscriptionCheckpoint, "PRT-1", new SubscriptionCheckpoint("PRT-1", "id", "cp", "body_close", "bob", "ab", 1, At));

        await h.Client.DidNotReceiveWithAnyArgs().GetSyncDiffAsync(default!);
    }

    [Fact]
    public async Task SyncRequiredAndUpdateEvents_ReadTheDiffAndQueueIt()
    {
        await using var h = new InboundHarness();
        h.ServeDiff(h.Offer("PRT-1", "one"));
        await h.Manager.StartAsync();
        var first = h.Recorder.Next<FileSynced>(s => s.PartNumber == "PRT-1");
        h.Events.Push(EventTypes.SyncRequired, null, new SyncRequired("events_pruned", 5));
        await first;
        h.ServeDiff(h.Offer("PRT-2", "two"));
        var second = h.Recorder.Next<FileSynced>(s => s.PartNumber == "PRT-2");

        h.Events.Push(EventTypes.SubscriptionUpdate, null, new SubscriptionChanged("created",
            new Subscription("s2", InboundHarness.Workstation, "item", "PRT-2", "latest", null, false, At, null)));

        await second;
        Assert.True(File.Exists(h.PathOf("PRT-2")));
    }

    [Fact]
    public async Task SyncNow_ManyFiles_NeverMoreConcurrentDownloadsThanTheSetting()
    {
        await using var h = new InboundHarness(SiloModSettings.Default with { SubscriptionMaxDownloads = 2 });
        var entries = Enumerable.Range(1, 5).Select(i => h.Offer($"PRT-{i}", $"file {i}")).ToArray();
        h.ServeDiff(entries);
        var gates = new List<TaskCompletionSource<string>>();
        var started = new SemaphoreSlim(0);
        int running = 0, maxRunning = 0;
        h.Client.DownloadFileAsync(default!, default!).ReturnsForAnyArgs(async ci =>
        {
            var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gates)
            {
                gates.Add(gate);
                maxRunning = Math.Max(maxRunning, ++running);
            }
            started.Release();
            var hash = await gate.Task;
            lock (gates) running--;
            h.Write(ci.ArgAt<string>(1), h.Blobs[ci.ArgAt<string>(0)]);
            return hash;
        });

        var sync = h.Manager.SyncNowAsync();
        for (var i = 0; i < entries.Length; i++)
        {
            Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)), $"download {i + 1} never started");
            TaskCompletionSource<string> next;
            lock (gates) next = gates[i];
            // Two started before the first finishes: the limit is used, not just respected.
            if (i == 0) Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)) && started.Release() >= 0);
            next.SetResult(entries[i].FileHash!);
        }
        var status = await sync;

        Assert.Equal(2, maxRunning);
        Assert.Equal(0, status.Pending);
        Assert.All(entries, e => Assert.True(File.Exists(h.PathOf(e.PartNumber))));
    }

    [Fact]
    public async Task OpenFile_DeferredUntilReportedClosed()
    {
        await using var h = new InboundHarness();
        var path = h.PathOf("PRT-1");
        h.ServeDiff(h.Offer("PRT-1", "new"));
        h.Manager.ReportOpenFiles([path.Replace("/Brackets/", "/Brackets/./", StringComparison.Ordinal)]);

        var status = await h.Manager.SyncNowAsync();

        Assert.Equal(1, status.Deferred);
        Assert.Equal(new FileDeferred("PRT-1", path, 1, false), Assert.Single(h.Recorder.Of<FileDeferred>()));
        Assert.False(File.Exists(path));
        var synced = h.Recorder.Next<FileSynced>();

        h.Manager.ReportOpenFiles([]);

        await synced;
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(0, (await h.StatusWhere(s => s.Deferred == 0 && s.Pending == 0)).Deferred);
    }

    [Fact]
    public async Task LocalModified_ConflictThenSkip_KeepsBytesAndDoesNotAskAgainForSameVersion()
    {
        await using var h = new InboundHarness();
        var path = await SyncedThenEditedAsync(h);
        var v2 = h.Offer("PRT-1", "server v2", revision: 2, action: SyncActions.Update, current: 1);
        h.ServeDiff(v2);

        var status = await h.Manager.SyncNowAsync();

        Assert.Equal(1, status.Conflicts);
        Assert.Equal(new FileConflict("PRT-1", path, "local_modified"), Assert.Single(h.Recorder.Of<FileConflict>()));
        await h.Manager.ResolveConflictAsync("PRT-1", ConflictChoice.Skip);
        Assert.Equal("my edit", File.ReadAllText(path));

        var again = await h.Manager.SyncNowAsync();
        Assert.Equal(0, again.Conflicts);
        Assert.Single(h.Recorder.Of<FileConflict>());

        h.ServeDiff(h.Offer("PRT-1", "server v3", revision: 3, action: SyncActions.Update, current: 1));
        Assert.Equal(1, (await h.Manager.SyncNowAsync()).Conflicts);
        Assert.Equal("my edit", File.ReadAllText(path));
    }

    [Fact]
    public async Task LocalModified_ConflictThenOverwrite_ReplacesTheFile()
    {
        await using var h = new InboundHarness();
        var path = await SyncedThenEditedAsync(h);
        h.ServeDiff(h.Offer("PRT-1", "server v2", revision: 2, action: SyncActions.Update, current: 1));
        await h.Manager.SyncNowAsync();

        await h.Manager.ResolveConflictAsync("PRT-1", ConflictChoice.Overwrite);

        Assert.Equal("server v2", File.ReadAllText(path));
        Assert.Equal(2, h.State.Get("PRT-1")!.Revision);
        Assert.Equal(0, h.Manager.Status.Conflicts);
    }

    [Fact]
    public async Task UntrackedLocalFileDiffering_Conflict()
    {
        await using var h = new InboundHarness();
        var path = h.PathOf("PRT-1");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "someone put this here");
        h.ServeDiff(h.Offer("PRT-1", "server"));

        Assert.Equal(1, (await h.Manager.SyncNowAsync()).Conflicts);
        Assert.Equal("someone put this here", File.ReadAllText(path));
    }

    [Fact]
    public async Task LocalFileAlreadyTheTarget_AcksWithoutDownloading()
    {
        await using var h = new InboundHarness();
        var entry = h.Offer("PRT-1", "my own checkpoint", checkpoint: true, checkpointUser: "bob");
        var path = h.PathOf("PRT-1");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "my own checkpoint");
        h.ServeDiff(entry);

        await h.Manager.SyncNowAsync();

        await h.Client.DidNotReceiveWithAnyArgs().DownloadFileAsync(default!, default!);
        await h.Client.Received(1).AckSyncAsync(InboundHarness.Workstation, Arg.Is<SyncAck>(a => a.CheckpointId == entry.CheckpointId), Arg.Any<CancellationToken>());
        Assert.Equal(entry.FileHash, h.State.Get("PRT-1")!.FileHash);
        Assert.Empty(h.Recorder.Of<FileConflict>());
    }

    [Fact]
    public async Task Removal_StopsTrackingKeepsTheFile()
    {
        await using var h = new InboundHarness();
        h.ServeDiff(h.Offer("PRT-1", "v1"));
        await h.Manager.SyncNowAsync();
        var removal = h.Offer("PRT-1", "v1", action: SyncActions.Remove) with { DownloadUrl = null };
        h.ServeDiff(removal);

        await h.Manager.SyncNowAsync();

        Assert.Null(h.State.Get("PRT-1"));
        Assert.Equal("v1", File.ReadAllText(h.PathOf("PRT-1")));
        Assert.Equal(new FileUntracked("PRT-1", h.PathOf("PRT-1")), Assert.Single(h.Recorder.Of<FileUntracked>()));
        // Told the server it no longer holds the item, so the removal is not offered again.
        await h.Client.Received().ReportSyncStateAsync(InboundHarness.Workstation, Arg.Is<IReadOnlyList<SyncStateItem>>(l => l.Count == 0),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task AutoSyncOff_EventOnlyMarksPending_SyncNowApplies()
    {
        await using var h = new InboundHarness(SiloModSettings.Default with { SubscriptionAutoSync = false });
        var diff = new SyncDiff([h.Offer("PRT-1", "v1")], [], [], null);
        var diffRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Client.GetSyncDiffAsync(default!).ReturnsForAnyArgs(_ =>
        {
            diffRead.TrySetResult();
            return diff;
        });
        await h.Manager.StartAsync();

        h.Events.Push(EventTypes.SubscriptionRevision, "PRT-1", new SubscriptionRevision("PRT-1", "id-PRT-1", 1, "released", "x"));

        await diffRead.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, (await h.StatusWhere(s => s.Pending == 1)).Pending);
        Assert.False(File.Exists(h.PathOf("PRT-1")));
        await h.Client.DidNotReceiveWithAnyArgs().DownloadFileAsync(default!, default!);

        var status = await h.Manager.SyncNowAsync();

        Assert.True(File.Exists(h.PathOf("PRT-1")));
        Assert.Equal(0, status.Pending);
    }

    [Fact]
    public async Task NotifyOff_NoSyncedSignals_ConflictsStillSignalled()
    {
        await using var h = new InboundHarness(SiloModSettings.Default with { SubscriptionNotify = false });
        var stray = h.PathOf("PRT-3");
        Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
        File.WriteAllText(stray, "local");
        h.ServeDiff(h.Offer("PRT-1", "a"), h.Offer("PRT-2", "b"), h.Offer("PRT-3", "c"));

        await h.Manager.SyncNowAsync();

        Assert.True(File.Exists(h.PathOf("PRT-1")) && File.Exists(h.PathOf("PRT-2")));
        Assert.Empty(h.Recorder.Of<FileSynced>());
        Assert.Empty(h.Recorder.Of<BulkSyncComplete>());
        Assert.Single(h.Recorder.Of<FileConflict>());
    }

    [Fact]
    public async Task SyncNow_SeveralFiles_OneBulkSummary()
    {
        await using var h = new InboundHarness();
        h.ServeDiff(h.Offer("PRT-1", "a"), h.Offer("PRT-2", "b"), h.Offer("PRT-3", "c"));
        var bulk = h.Recorder.Next<BulkSyncComplete>();

        await h.Manager.SyncNowAsync();

        Assert.Equal(new BulkSyncComplete(3, "all"), await bulk);
        Assert.Single(h.Recorder.Of<BulkSyncComplete>());
        Assert.Equal(3, h.Recorder.Of<FileSynced>().Count);
    }

    [Fact]
    public async Task DownloadUnavailable_StaysPending_RetriedOnReconnect()
    {
        await using var h = new InboundHarness(SiloModSettings.Default with { SubscriptionSyncOnConnect = false });
        var entry = h.Offer("PRT-1", "v1");
        h.ServeDiff(entry);
        h.Client.DownloadFileAsync(default!, default!).ThrowsAsyncForAnyArgs(new UnavailableException("connection reset"));
        await h.Manager.StartAsync();

        var status = await h.Manager.SyncNowAsync();

        Assert.Equal(1, status.Pending);
        Assert.Empty(h.Recorder.Of<SyncError>());
        h.Client.DownloadFileAsync(default!, default!).ReturnsForAnyArgs(ci =>
        {
            h.Write(ci.ArgAt<string>(1), h.Blobs[ci.ArgAt<string>(0)]);
            return Task.FromResult(entry.FileHash!);
        });
        var synced = h.Recorder.Next<FileSynced>();

        h.Events.Drop();
        h.Events.Connect();

        await synced;
        Assert.Equal(0, (await h.StatusWhere(s => s.Pending == 0)).Pending);
    }

    [Fact]
    public async Task DownloadHashMismatch_SyncErrorAndFileUntouched()
    {
        await using var h = new InboundHarness();
        var path = await SyncedThenEditedAsync(h, edit: false);
        var entry = h.Offer("PRT-1", "v2", revision: 2, action: SyncActions.Update, current: 1);
        h.Blobs[entry.DownloadUrl!] = InboundHarness.Bytes("corrupted in transit");
        h.ServeDiff(entry);

        await h.Manager.SyncNowAsync();

        Assert.Equal("PRT-1", Assert.Single(h.Recorder.Of<SyncError>()).PartNumber);
        Assert.Equal("v1", File.ReadAllText(path));
        Assert.Equal(1, h.State.Get("PRT-1")!.Revision);
    }

    [Fact]
    public async Task Audit_MissingFile_NextSyncReportsItAndDownloadsAgain()
    {
        await using var h = new InboundHarness();
        var path = await SyncedThenEditedAsync(h, edit: false);
        File.Delete(path);
        var audit = await h.Manager.AuditAsync();
        Assert.Equal(["PRT-1"], audit.Missing.Select(m => m.PartNumber));
        // The server, told PRT-1 is not held, offers it again.
        h.ServeDiff(h.Offer("PRT-1", "v1"));

        await h.Manager.SyncNowAsync();

        await h.Client.Received().ReportSyncStateAsync(InboundHarness.Workstation, Arg.Is<IReadOnlyList<SyncStateItem>>(l => l.Count == 0),
            Arg.Any<CancellationToken>());
        Assert.Equal("v1", File.ReadAllText(path));
        Assert.True((await h.Manager.AuditAsync()).Clean);
    }

    [Fact]
    public async Task Reconnect_RebuildsPresenceFromServer()
    {
        await using var h = new InboundHarness();
        h.Client.GetPresenceAsync(InboundHarness.Workstation, Arg.Any<CancellationToken>()).Returns(
            [new ItemEditSessions("PRT-1", [new EditSession("sess-live", "alice", "alice-pc", "sketch", "Sketch001", At, At.AddMinutes(5))])]);
        h.Presence.Upsert(new Core.Presence.RemoteSession("sess-stale", "PRT-1", "carol", null, "sketch", "Sketch002", At, false));
        await h.Manager.StartAsync();
        var changed = h.Recorder.Next<PresenceChanged>(p => p.PartNumber == "PRT-1");

        h.Events.Connect();

        await changed;
        Assert.Equal(["sess-live"], h.Presence.ForItem("PRT-1").Select(s => s.SessionId));
    }

    [Fact]
    public async Task Reconnect_ReportsTheOpenItemsBeforeReadingPresence()
    {
        await using var h = new InboundHarness();
        // A synced file not open is not reported: its subscription already tells the server.
        await SyncedThenEditedAsync(h, edit: false);
        h.Manager.ReportOpenItems(["PRT-7"]);
        await h.Manager.StartAsync();
        var changed = h.Recorder.Next<PresenceChanged>(p => p.PartNumber == "PRT-7");
        h.Client.GetPresenceAsync(InboundHarness.Workstation, Arg.Any<CancellationToken>()).Returns(
            [new ItemEditSessions("PRT-7", [new EditSession("sess-7", "alice", "alice-pc", "sketch", "Sketch001", At, At.AddMinutes(5))])]);

        h.Events.Connect();

        await changed;
        Received.InOrder(() =>
        {
            h.Client.WatchItemsAsync(InboundHarness.Workstation,
                Arg.Is<IReadOnlyCollection<string>>(items => items.SequenceEqual(new[] { "PRT-7" })), Arg.Any<CancellationToken>());
            h.Client.GetPresenceAsync(InboundHarness.Workstation, Arg.Any<CancellationToken>());
        });
    }

    [Fact]
    public async Task SubscriptionsChanged_Connected_RebuildsPresence()
    {
        await using var h = new InboundHarness();
        await h.Manager.StartAsync();
        h.Events.Connect();
        await h.StatusWhere(s => s.Connection == ConnectionState.Connected);
        var changed = h.Recorder.Next<PresenceChanged>(p => p.PartNumber == "PRT-1");
        h.Client.GetPresenceAsync(InboundHarness.Workstation, Arg.Any<CancellationToken>()).Returns(
            [new ItemEditSessions("PRT-1", [new EditSession("sess-live", "alice", "alice-pc", "sketch", "Sketch001", At, At.AddMinutes(5))])]);

        ((Core.Events.IInboundSync)h.Manager).SubscriptionsChanged("subscription created");

        await changed;
        Assert.Equal(["sess-live"], h.Presence.ForItem("PRT-1").Select(s => s.SessionId));
    }

    [Fact]
    public async Task Connect_SyncOnConnectOn_AppliesTheDiff()
    {
        await using var h = new InboundHarness();
        h.ServeDiff(h.Offer("PRT-1", "v1"));
        await h.Manager.StartAsync();
        var synced = h.Recorder.Next<FileSynced>();

        h.Events.Connect();

        Assert.Equal(h.PathOf("PRT-1"), (await synced).Path);
        Assert.Equal("v1", File.ReadAllText(h.PathOf("PRT-1")));
    }

    [Fact]
    public async Task Connect_SyncOnConnectOff_ReadsNoDiffUntilSyncNow()
    {
        await using var h = new InboundHarness(SiloModSettings.Default with { SubscriptionSyncOnConnect = false });
        h.ServeDiff(h.Offer("PRT-1", "v1"));
        await h.Manager.StartAsync();
        var rebuilt = h.Recorder.Next<PresenceChanged>();
        h.Client.GetPresenceAsync(InboundHarness.Workstation, Arg.Any<CancellationToken>()).Returns(
            [new ItemEditSessions("PRT-1", [new EditSession("sess-live", "alice", "alice-pc", "sketch", "Sketch001", At, At.AddMinutes(5))])]);

        h.Events.Connect();
        await rebuilt; // the reconnection's reconciliation ran its presence half
        Assert.False(File.Exists(h.PathOf("PRT-1")));
        await h.Manager.SyncNowAsync();

        // Only Sync Now read the diff; reconciling on connect would have read it too.
        await h.Client.ReceivedWithAnyArgs(1).GetSyncDiffAsync(default!);
        await h.Client.ReceivedWithAnyArgs(1).ReportSyncStateAsync(default!, default!);
        Assert.Equal("v1", File.ReadAllText(h.PathOf("PRT-1")));
    }

    [Fact]
    public async Task StatusChanges_CurrentFirst()
    {
        await using var h = new InboundHarness();
        h.Outbox.PendingCount.Returns(3);
        h.Manager.RefreshStatus();

        var first = await h.StatusWhere(_ => true);

        Assert.Equal(3, first.Checkpoints);
    }

    /// <summary>PRT-1 synced at revision 1 ("v1"), then (by default) edited locally.</summary>
    private static async Task<string> SyncedThenEditedAsync(InboundHarness h, bool edit = true)
    {
        h.ServeDiff(h.Offer("PRT-1", "v1"));
        await h.Manager.SyncNowAsync();
        var path = h.PathOf("PRT-1");
        Assert.Equal("v1", File.ReadAllText(path));
        if (edit) File.WriteAllText(path, "my edit");
        return path;
    }

    [Fact]
    public async Task UntouchedCopyOfANewerVersion_OfferedAnOlderOne_IsAConflictAndKeepsTheFile()
    {
        await using var h = new InboundHarness();
        h.ServeDiff(h.Offer("PRT-1", "version 5", revision: null, checkpoint: true, checkpointUser: "alice") with { TargetVersion = 5 });
        await h.Manager.SyncNowAsync();
        var path = h.PathOf("PRT-1");
        Assert.Equal(5, h.State.Get("PRT-1")!.Version);

        // A pin to an older revision: the untouched newer copy is not stepped back without the user's word.
        h.ServeDiff(h.Offer("PRT-1", "revision 2", revision: 2, action: SyncActions.Update) with { TargetVersion = 3, CurrentVersion = 5 });
        var status = await h.Manager.SyncNowAsync();

        Assert.Equal(1, status.Conflicts);
        Assert.Equal(new FileConflict("PRT-1", path, ConflictReasons.OlderVersion), Assert.Single(h.Recorder.Of<FileConflict>()));
        Assert.Equal("version 5", File.ReadAllText(path));
        await h.Manager.ResolveConflictAsync("PRT-1", ConflictChoice.Overwrite);
        Assert.Equal("revision 2", File.ReadAllText(path));
    }

    [Fact]
    public async Task UntouchedCopy_OfferedANewerVersion_IsReplacedAndRecordedWithItsVersion()
    {
        await using var h = new InboundHarness();
        h.ServeDiff(h.Offer("PRT-1", "version 1", revision: 1) with { TargetVersion = 1 });
        await h.Manager.SyncNowAsync();

        h.ServeDiff(h.Offer("PRT-1", "version 4", revision: null, checkpoint: true, checkpointUser: "alice", action: SyncActions.Update) with
        {
            TargetVersion = 4, CurrentVersion = 1,
        });
        await h.Manager.SyncNowAsync();

        Assert.Equal("version 4", File.ReadAllText(h.PathOf("PRT-1")));
        Assert.Equal(4, h.State.Get("PRT-1")!.Version);
        Assert.Equal(4, h.Lineage.Of(h.PathOf("PRT-1"))!.Base.Version);
        Assert.True(h.Lineage.Of(h.PathOf("PRT-1"))!.Downloaded);
        Assert.Empty(h.Recorder.Of<FileConflict>());
    }

    [Fact]
    public async Task OwnPushOfTheSyncedFile_ThenANewerVersionBuiltOnIt_ReplacesItWithoutAConflict()
    {
        await using var h = new InboundHarness();
        h.ServeDiff(h.Offer("PRT-1", "version 1", revision: 1) with { TargetVersion = 1 });
        await h.Manager.SyncNowAsync();
        var path = h.PathOf("PRT-1");
        File.WriteAllText(path, "bob's edit, pushed as version 2");

        var acked = new TaskCompletionSource();
        h.Client.When(c => c.AckSyncAsync(InboundHarness.Workstation, Arg.Is<SyncAck>(a => a.CheckpointId == "cp-2" && a.IsCheckpoint), Arg.Any<CancellationToken>()))
            .Do(_ => acked.TrySetResult());

        h.Manager.OwnPushAccepted(new CheckpointPushed("PRT-1", "body_close", 0, "cp-2", InboundHarness.Sha(InboundHarness.Bytes("bob's edit, pushed as version 2")),
            path, 2));
        await acked.Task.Within();
        h.ServeDiff(h.Offer("PRT-1", "alice's version 3", revision: null, checkpoint: true, checkpointUser: "alice", action: SyncActions.Update) with
        {
            TargetVersion = 3, CurrentVersion = 2,
        });
        await h.Manager.SyncNowAsync();

        Assert.Equal("alice's version 3", File.ReadAllText(path));
        Assert.Empty(h.Recorder.Of<FileConflict>());
    }

    [Fact]
    public async Task LocalBytesAreAVersionTheRecordsMissed_OfferedANewerOne_ReplacedWithoutAConflict()
    {
        await using var h = new InboundHarness();
        h.ServeDiff(h.Offer("PRT-1", "version 1", revision: 1) with { TargetVersion = 1 });
        await h.Manager.SyncNowAsync();
        var path = h.PathOf("PRT-1");
        // Version 2 reached the disk, and the process died before its records were written.
        File.WriteAllText(path, "version 2");
        var two = InboundHarness.Sha(InboundHarness.Bytes("version 2"));
        h.Client.ListVersionsAsync("PRT-1", two, Arg.Any<int?>(), Arg.Any<CancellationToken>())
            .Returns([new ItemVersion(2, VersionKinds.Checkpoint, "cp-2", two, 9, "alice", "body_close", null, At)]);

        h.ServeDiff(h.Offer("PRT-1", "version 3", revision: null, checkpoint: true, checkpointUser: "alice", action: SyncActions.Update) with
        {
            TargetVersion = 3, CurrentVersion = 1,
        });
        await h.Manager.SyncNowAsync();

        Assert.Empty(h.Recorder.Of<FileConflict>());
        Assert.Equal("version 3", File.ReadAllText(path));
        Assert.Equal(3, h.State.Get("PRT-1")!.Version);
    }

    [Fact]
    public async Task LocalBytesTheServerDoesNotKnow_OfferedANewerVersion_StillAConflict()
    {
        await using var h = new InboundHarness();
        var path = await SyncedThenEditedAsync(h, edit: true);
        h.Client.ListVersionsAsync("PRT-1", Arg.Any<string?>(), Arg.Any<int?>(), Arg.Any<CancellationToken>()).Returns(Array.Empty<ItemVersion>());
        h.ServeDiff(h.Offer("PRT-1", "v2", revision: 2, action: SyncActions.Update, current: 1));

        await h.Manager.SyncNowAsync();

        Assert.Equal(new FileConflict("PRT-1", path, ConflictReasons.LocalModified), Assert.Single(h.Recorder.Of<FileConflict>()));
        Assert.Equal("my edit", File.ReadAllText(path));
        await h.Client.Received(1).ListVersionsAsync("PRT-1", InboundHarness.Sha(InboundHarness.Bytes("my edit")), Arg.Any<int?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Download_AckUnreachable_FileIsAlreadyRecorded()
    {
        await using var h = new InboundHarness(SiloModSettings.Default with { SubscriptionSyncOnConnect = false });
        var entry = h.Offer("PRT-1", "v1") with { TargetVersion = 1 };
        h.ServeDiff(entry);
        h.Client.AckSyncAsync(default!, default!).ThrowsAsyncForAnyArgs(new UnavailableException("gone"));
        await h.Manager.StartAsync();

        var status = await h.Manager.SyncNowAsync();

        Assert.Equal(1, status.Pending);
        Assert.Equal((entry.FileHash, 1L), (h.State.Get("PRT-1")!.FileHash, h.State.Get("PRT-1")!.Version!.Value));
        Assert.Equal(entry.FileHash, h.Lineage.Of(h.PathOf("PRT-1"))!.Base.FileHash);
    }

    [Fact]
    public async Task Download_StepsInOrder_ExpectationWrittenBeforeTheFileAndSettledAfterItsRecords()
    {
        var seen = new List<(string Step, bool Expected, bool OnDisk)>();
        var steps = new StepRecorder();
        await using var h = new InboundHarness(steps: steps);
        var entry = h.Offer("PRT-1", "v1") with { TargetVersion = 1 };
        steps.At = (step, _) =>
        {
            seen.Add((step, h.Incoming.All().Count == 1, File.Exists(h.PathOf("PRT-1"))));
            return ValueTask.CompletedTask;
        };
        h.ServeDiff(entry);

        await h.Manager.SyncNowAsync();

        Assert.Equal(CoreSteps.Download, seen.Select(s => s.Step));
        Assert.Equal(
            [(false, false), (false, false), (true, false), (true, true), (true, true), (true, true), (false, true), (false, true)],
            seen.Select(s => (s.Expected, s.OnDisk)));
        Assert.Empty(new IncomingFiles(Path.Combine(Path.GetDirectoryName(h.StatePath)!, SyncManager.IncomingFileName)).All());
    }
}
