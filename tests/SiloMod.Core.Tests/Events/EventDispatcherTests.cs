using NSubstitute;
using Silo.Client.Events;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Events;
using SiloMod.Core.Presence;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.Events;

public sealed class EventDispatcherTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _temp = new();
    private readonly SignalHub _signals = new();
    private readonly SignalRecorder _recorder;
    private readonly ActiveSessions _held = new();
    private readonly PresenceMap _presence;
    private readonly IInboundSync _sync = Substitute.For<IInboundSync>();
    private readonly TestEventSource _source = new();
    private readonly SyncStateStore _state;
    private readonly EventDispatcher _dispatcher;

    public EventDispatcherTests()
    {
        _recorder = new SignalRecorder(_signals);
        _presence = new PresenceMap(_signals);
        _state = SyncStateStore.Open(_temp.Combine("sync-state.json"));
        _dispatcher = new EventDispatcher(_source, _presence, _held, _sync, _state, _signals, () => "bob");
        _dispatcher.Start();
    }

    [Fact]
    public void Dispatch_OwnCheckpoint_NotAnnounced()
    {
        _source.Push(EventTypes.SubscriptionCheckpoint, "PRT-1", Checkpoint("bob"));

        _sync.DidNotReceiveWithAnyArgs().CheckpointAnnounced(default!);
    }

    [Fact]
    public void Dispatch_OtherUsersCheckpoint_Announced()
    {
        _source.Push(EventTypes.SubscriptionCheckpoint, "PRT-1", Checkpoint("alice"));

        _sync.Received(1).CheckpointAnnounced(Arg.Is<SubscriptionCheckpoint>(c => c.CheckpointUser == "alice"));
    }

    [Fact]
    public void Dispatch_Revision_Announced()
    {
        _source.Push(EventTypes.SubscriptionRevision, "PRT-1", new SubscriptionRevision("PRT-1", "id-1", 3, "released", "ab"));

        _sync.Received(1).RevisionAnnounced(Arg.Is<SubscriptionRevision>(r => r.Revision == 3));
    }

    [Fact]
    public void Dispatch_SyncRequired_RequestsTheDiff()
    {
        _source.Push(EventTypes.SyncRequired, null, new SyncRequired("events_pruned", 10));

        _sync.Received(1).DiffRequested(Arg.Any<string>());
        _sync.DidNotReceiveWithAnyArgs().SubscriptionsChanged(default!);
    }

    [Fact]
    public void Dispatch_SubscriptionUpdate_ReportsTheSubscriptionsChanged()
    {
        _source.Push(EventTypes.SubscriptionUpdate, null, new SubscriptionChanged("created",
            new Silo.Protocol.Subscriptions.Subscription("s1", "ws", "item", "PRT-1", "latest", null, false, At, null)));

        _sync.Received(1).SubscriptionsChanged("subscription created");
        _sync.DidNotReceiveWithAnyArgs().DiffRequested(default!);
    }

    [Fact]
    public void Dispatch_HandoffForHeldSession_PublishesHandoffRequested()
    {
        _held.Add(new ActiveSession("PRT-1", "sketch", "Sketch001", "sess-1", At));

        _source.Push(EventTypes.EditHandoffRequested, "PRT-1", new EditHandoffRequested("sess-1", "PRT-1", "Sketch001", "alice", "please"));

        var handoff = Assert.Single(_recorder.Of<HandoffRequested>());
        Assert.Equal(new HandoffRequested("PRT-1", "alice", "please", "sess-1", "Sketch001"), handoff);
    }

    [Fact]
    public void Dispatch_HandoffForSessionNotHeld_Ignored()
    {
        _held.Add(new ActiveSession("PRT-1", "sketch", "Sketch001", "sess-1", At));

        _source.Push(EventTypes.EditHandoffRequested, "PRT-1", new EditHandoffRequested("sess-other", "PRT-1", "Sketch002", "alice", null));

        Assert.Empty(_recorder.Of<HandoffRequested>());
    }

    [Fact]
    public void Dispatch_SessionAcquiredThenReleased_PresenceAddsThenRemoves()
    {
        _source.Push(EventTypes.EditSessionAcquired, "PRT-1",
            new EditSessionAcquired("sess-a", "PRT-1", "alice", "alice-pc", "ws-a", "sketch", "Sketch001", At, At.AddMinutes(5)));
        var during = _presence.ForItem("PRT-1");
        _source.Push(EventTypes.EditSessionReleased, "PRT-1",
            new EditSessionReleased("sess-a", "PRT-1", "alice", "alice-pc", "ws-a", "sketch", "Sketch001", "released"));

        var session = Assert.Single(during);
        Assert.Equal(("alice", "sketch", "Sketch001", At, false), (session.User, session.Level, session.ObjectId, session.Since, session.IsOwnUser));
        Assert.Empty(_presence.All());
        Assert.Equal(2, _recorder.Of<PresenceChanged>().Count(p => p.PartNumber == "PRT-1"));
    }

    [Fact]
    public void Dispatch_ForceReleased_RemovesFromPresence()
    {
        _source.Push(EventTypes.EditSessionAcquired, "PRT-1",
            new EditSessionAcquired("sess-a", "PRT-1", "alice", "alice-pc", "ws-a", "sketch", "Sketch001", At, At.AddMinutes(5)));

        _source.Push(EventTypes.EditForceReleased, "PRT-1",
            new EditForceReleased("sess-a", "PRT-1", "alice", "alice-pc", "ws-a", "sketch", "Sketch001", "admin", "stuck"));

        Assert.Empty(_presence.All());
    }

    [Fact]
    public void Dispatch_OwnUsersSession_FlaggedNotOthers()
    {
        _source.Push(EventTypes.EditSessionAcquired, "PRT-1",
            new EditSessionAcquired("sess-b", "PRT-1", "bob", "bob-laptop", "ws-b2", "sketch", "Sketch001", At, At.AddMinutes(5)));

        Assert.True(Assert.Single(_presence.ForItem("PRT-1")).IsOwnUser);
        Assert.Empty(_presence.OthersForItem("PRT-1"));
    }

    [Fact]
    public void Dispatch_AnyEvent_PersistsItsIdForTheNextStart()
    {
        _source.Push(EventTypes.SubscriptionRevision, "PRT-1", new SubscriptionRevision("PRT-1", "id-1", 3, "released", "ab"));
        var last = _source.Push(EventTypes.SubscriptionRevision, "PRT-1", new SubscriptionRevision("PRT-1", "id-1", 4, "released", "cd"));

        Assert.Equal(last.Id, SyncStateStore.Open(_state.FilePath).LastEventId);
    }

    [Fact]
    public void Start_ConnectionStates_ForwardedToSync()
    {
        _source.Connect();

        Received.InOrder(() =>
        {
            _sync.ConnectionChanged(ConnectionState.Offline);
            _sync.ConnectionChanged(ConnectionState.Connected);
        });
    }

    private static SubscriptionCheckpoint Checkpoint(string user) => new("PRT-1", "id-1", "cp-1", "body_close", user, "ab", 10, At);

    public void Dispose()
    {
        _dispatcher.Dispose();
        _recorder.Dispose();
        _source.Dispose();
        _signals.Dispose();
        _temp.Dispose();
    }
}
