using Silo.Client.Events;
using SiloMod.Core.Activity;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;
using static SiloMod.Core.Tests.Activity.SampleSignals;

namespace SiloMod.Core.Tests.Activity;

public sealed class ActivityFeedTests : IDisposable
{
    private readonly List<string> _presenceAsked = [];
    private readonly List<ActivityChange> _changes = [];
    private readonly ActivityFeed _feed;
    private Func<string, IReadOnlyList<PresenceEntry>> _presence;

    public ActivityFeedTests()
    {
        _presence = _ => [AliceInBody];
        _feed = new ActivityFeed(UtcClock(), pn =>
        {
            _presenceAsked.Add(pn);
            return _presence(pn);
        });
        _feed.Changes.Subscribe(_changes.Add);
    }

    public void Dispose() => _feed.Dispose();

    private ActivityRow Add(SiloModSignal signal) => _feed.Apply(signal) ?? throw new InvalidOperationException($"{signal.Kind} added no row");

    [Fact]
    public void Apply_SettlingKinds_AddNoRow()
    {
        Add(Blocked);
        Add(Handoff);

        Assert.Null(_feed.Apply(HandoffSentToAlice));
        Assert.Null(_feed.Apply(AliceSessionEnded));
        Assert.Null(_feed.Apply(MySessionEnded));

        Assert.Equal(2, _feed.Rows.Count);
    }

    [Fact]
    public void Apply_HandoffSent_NamesTheHolderOnTheBlockedCard()
    {
        var blocked = Add(Blocked);

        _feed.Apply(HandoffSentToAlice);

        var card = _feed.Find(blocked.Id)!;
        Assert.Empty(card.Actions);
        Assert.StartsWith("Handoff requested from alice", card.Details[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_EndOfTheBlockingSession_SettlesTheBlockedCard()
    {
        var blocked = Add(Blocked);

        _feed.Apply(HandoffSentToAlice);
        _feed.Apply(AliceSessionEnded);

        var card = _feed.Find(blocked.Id)!;
        Assert.Empty(card.Actions);
        Assert.Equal("alice finished editing Sketch001: you can edit it now.", card.Details[^1]);
        Assert.Equal(ActivityLevel.Info, card.Level);
    }

    [Fact]
    public void Apply_EndOfMySession_SettlesOnlyTheHandoffCard()
    {
        var blocked = Add(Blocked);
        var handoff = Add(Handoff);

        _feed.Apply(MySessionEnded);

        var card = _feed.Find(handoff.Id)!;
        Assert.Empty(card.Actions);
        Assert.Equal("The request is settled: your session on Sketch001 ended.", card.Details[^1]);
        Assert.Equal([ActivityActionKind.RequestHandoff], _feed.Find(blocked.Id)!.Actions.Select(a => a.Kind));
    }

    [Fact]
    public void Apply_SameOutcomeTwice_IsSaidOnce()
    {
        var blocked = Add(Blocked);

        _feed.Apply(HandoffSentToAlice);
        _feed.Apply(HandoffSentToAlice);

        Assert.Single(_feed.Find(blocked.Id)!.Details, d => d.StartsWith("Handoff requested", StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_PushConflictThenItsSettlement_ReplaceEachOther()
    {
        Add(Refused);

        Add(RefusalSettled with { PartNumber = "PRT-300" });

        var row = Assert.Single(_feed.Rows);
        Assert.Equal("push_conflict_resolved", row.Kind);
        Assert.Empty(row.Actions);
    }

    [Fact]
    public void Apply_OverwritingPush_ReplacesTheRefusedCard()
    {
        Add(Refused);

        Add(Pushed with { PartNumber = "PRT-300", Overwrote = true });

        var row = Assert.Single(_feed.Rows);
        Assert.Equal("checkpoint_pushed", row.Kind);
        Assert.Contains("stays on the server", row.Details[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_EverySample_NewestOnTopUnderTheStatusHeader()
    {
        _feed.SetStatus(Status);

        foreach (var signal in All) _feed.Apply(signal);

        Assert.Equal("document_replaced", _feed.Rows[0].Kind);
        Assert.Equal("checkpoint_pushed", _feed.Rows[^1].Kind);
        Assert.Equal(All.Count, _feed.Rows.Count);
        Assert.Equal("🟢 Connected   2 pending · 1 checkpoint queued · 1 deferred · 1 conflict · last sync 14:05", _feed.Header.Text);
    }

    [Fact]
    public void Header_BeforeAnyStatus_SaysNotStarted()
    {
        Assert.Equal("⚪ Not started   No sync status yet", _feed.Header.Text);
    }

    [Theory]
    [InlineData(ConnectionState.Reconnecting, "🟡 Reconnecting…")]
    [InlineData(ConnectionState.Offline, "🔴 Offline")]
    [InlineData(ConnectionState.Connected, "🟢 Connected")]
    public void SetStatus_ConnectionState_LeadsTheHeader(ConnectionState state, string text)
    {
        _feed.SetStatus(Status with { Connection = state });

        Assert.StartsWith(text, _feed.Header.Text, StringComparison.Ordinal);
        Assert.Equal(ActivityChangeKind.Header, _changes[^1].Kind);
        Assert.Equal(_feed.Header, _changes[^1].Header);
    }

    [Fact]
    public void SetStatus_OfflineAndNeverSynced_CountsZeroInPlural()
    {
        _feed.SetStatus(new SyncStatus(0, 0, 0, 0, ConnectionState.Offline, null));

        Assert.Equal("🔴 Offline   0 pending · 0 checkpoints queued · 0 deferred · 0 conflicts · never synced", _feed.Header.Text);
    }

    [Fact]
    public void Apply_PastTheCap_DropsTheOldest()
    {
        using var feed = new ActivityFeed(UtcClock(), cap: 5);

        for (var i = 0; i < 12; i++) feed.Apply(new SyncError(null, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(["Sync error: 11", "Sync error: 10", "Sync error: 9", "Sync error: 8", "Sync error: 7"], feed.Rows.Select(r => r.Title));
    }

    [Fact]
    public void Apply_BulkSync_FoldsTheFileRowsAboveIntoOne()
    {
        Add(Pushed);

        foreach (var signal in Bulk) _feed.Apply(signal);

        Assert.Equal(2, _feed.Rows.Count);
        var bulk = _feed.Rows[0];
        Assert.Equal("⬇ Synced 12 files (PRT-200, PRT-201, PRT-202…)", bulk.Text);
        Assert.Equal("Subscription: Rover", bulk.Details[0]);
        Assert.Equal("⬇ Synced: PRT-200 rev 1", bulk.Details[1]);
        Assert.Equal(13, bulk.Details.Count);
        Assert.Equal("checkpoint_pushed", _feed.Rows[1].Kind);
    }

    [Fact]
    public void Apply_BulkSyncWithoutFileRows_NamesAllSubscriptions()
    {
        Assert.Equal("⬇ Synced 7 files (all subscriptions)", Add(new BulkSyncComplete(7, "all")).Text);
    }

    [Fact]
    public void Apply_PresenceChanged_ListsWhoEditsAndReplacesTheItemsEarlierRow()
    {
        Add(new PresenceChanged("PRT-1"));
        Add(new PresenceChanged("PRT-2"));
        var again = Add(new PresenceChanged("PRT-1"));

        Assert.Equal(["PRT-1", "PRT-2"], _feed.Rows.Select(r => r.PartNumber));
        Assert.Equal(["PRT-1", "PRT-2", "PRT-1"], _presenceAsked);
        Assert.Equal(["alice is editing Body (partdesign) since 14:00"], again.Details);
    }

    [Fact]
    public void Apply_PresenceChangedWhenPresenceFails_SaysWhy()
    {
        _presence = _ => throw new InvalidOperationException("The Silo core is not started.");

        Assert.Equal(["Could not read presence: The Silo core is not started."], Add(PresenceMoved).Details);
    }

    [Fact]
    public void DeferDismissSettle_AnswerARowEachTheirWay()
    {
        var handoff = Add(Handoff);
        var conflict = Add(Conflict);

        _feed.Defer(handoff.Id);

        Assert.Null(_feed.Find(handoff.Id));
        Assert.Contains("the requester is not notified", _feed.Header.Notice, StringComparison.Ordinal);

        var settled = _feed.Settle(conflict.Id, "Skipped: your local file is kept.")!;

        Assert.Empty(settled.Actions);
        Assert.Equal("Skipped: your local file is kept.", settled.Details[^1]);
        Assert.NotNull(_feed.Dismiss(conflict.Id));
        Assert.Empty(_feed.Rows);
    }

    [Fact]
    public void Clear_RemovesEveryRowAndTheNotice()
    {
        _feed.Defer(Add(Handoff).Id);
        Add(Error);

        _feed.Clear();

        Assert.Empty(_feed.Rows);
        Assert.Equal("", _feed.Header.Notice);
        Assert.Equal(ActivityChangeKind.Cleared, _changes[^1].Kind);
    }

    [Fact]
    public void Changes_AppliedInOrder_RebuildTheRows()
    {
        using var feed = new ActivityFeed(UtcClock(), cap: 4);
        List<ActivityRow> shown = [];
        feed.Changes.Subscribe(change =>
        {
            switch (change.Kind)
            {
                case ActivityChangeKind.Added: shown.Insert(0, change.Row!); break;
                case ActivityChangeKind.Removed: shown.RemoveAll(r => r.Id == change.Row!.Id); break;
                case ActivityChangeKind.Settled or ActivityChangeKind.Replaced: shown[shown.FindIndex(r => r.Id == change.Row!.Id)] = change.Row!; break;
                case ActivityChangeKind.Cleared: shown.Clear(); break;
            }
        });

        feed.Apply(Blocked);
        feed.Apply(Refused);
        foreach (var signal in Bulk) feed.Apply(signal);
        feed.Apply(HandoffSentToAlice);
        feed.Apply(RefusalSettled with { PartNumber = "PRT-300" });

        Assert.Equal(feed.Rows, shown);
    }
}
