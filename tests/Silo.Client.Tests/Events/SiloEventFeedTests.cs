using System.Net.Http.Headers;
using Silo.Protocol.EditSessions;
using Silo.Client.Errors;
using Silo.Client.Events;
using Silo.Client.Http;
using Silo.Protocol.Revisions;
using Silo.Protocol.Subscriptions;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Events;

/// <summary><see cref="ISiloClient.Events"/> against a real server that stops and restarts; reconnect delays on a manual clock.</summary>
public sealed class SiloEventFeedTests : ClientTestBase
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(5);
    private string _ws = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1");
        await Server.CreateItemAsync("PRT-2");
        _ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
    }

    private async Task<List<long>> HistoryIdsAsync() =>
        (await ServerKit.EventsAsync(Server, AliceToken, _ws)).Select(e => e.GetProperty("id").GetInt64()).ToList();

    private async Task<long> HeadAsync() => (await HistoryIdsAsync()).DefaultIfEmpty(0).Max();

    private async Task UnlockAsync(string token, string partNumber)
    {
        using var client = Server.Client(token);
        (await client.DeleteAsync($"/api/items/{partNumber}/lock")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Events_ServerEvents_ArriveWithTypedPayloads()
    {
        var feed = Alice.Events(_ws, await HeadAsync());
        using var recorder = new FeedRecorder(feed);

        await ServerKit.LockAsync(Server, BobToken, "PRT-1");
        await UnlockAsync(BobToken, "PRT-1");
        var session = await Alice.AcquireEditSessionAsync("PRT-2", _ws, ContextLevels.PartDesign, "Body", []);
        await Bob.RequestHandoffAsync("PRT-2", session.SessionId, "may I?");
        var subscription = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1");

        var locked = Assert.IsType<ItemLocked>((await recorder.NextEventAsync()).Payload);
        Assert.Equal("bob", locked.LockedBy);
        Assert.Equal("PRT-1", locked.PartNumber);
        Assert.True(locked.ExpiresAt > locked.LockedAt);
        var unlocked = Assert.IsType<ItemUnlocked>((await recorder.NextEventAsync()).Payload);
        Assert.Equal(("bob", "released", locked.LockId), (unlocked.ReleasedBy, unlocked.Reason, unlocked.LockId));
        var acquired = Assert.IsType<EditSessionAcquired>((await recorder.NextEventAsync()).Payload);
        Assert.Equal((session.SessionId, "alice", _ws, ContextLevels.PartDesign, "Body"),
            (acquired.SessionId, acquired.User, acquired.WorkstationId, acquired.ContextLevel, acquired.ObjectId));
        var handoff = await recorder.NextEventAsync();
        Assert.True(handoff.TryGetPayload<EditHandoffRequested>(out var request));
        Assert.Equal((session.SessionId, "bob", "may I?"), (request.SessionId, request.Requester, request.Message));
        Assert.False(handoff.TryGetPayload<ItemLocked>(out _));
        var changed = Assert.IsType<SubscriptionChanged>((await recorder.NextEventAsync()).Payload);
        Assert.Equal(("created", subscription), (changed.Action, changed.Subscription));
    }

    [Fact]
    public async Task Events_SessionAndSubscriptionEvents_DecodeEveryServerField()
    {
        var bobWs = (await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"))).Id;
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1", RevisionPolicies.Latest);
        var feed = Alice.Events(_ws, await HeadAsync());
        using var recorder = new FeedRecorder(feed);

        var (checkpointId, checkpointHash) = await ServerKit.PushCheckpointAsync(Server, BobToken, "PRT-1", "bob's work", "manual");
        var (revision, revisionHash) = await ServerKit.AddRevisionAsync(Server, "PRT-1", "rev A", release: false);
        var alices = await Alice.AcquireEditSessionAsync("PRT-2", _ws, ContextLevels.Sketch, "Sketch001", ["Pad001"]);
        var bobs = await Bob.AcquireEditSessionAsync("PRT-2", bobWs, ContextLevels.Sketch, "Sketch002", ["Pad001"]);
        await Bob.ReleaseEditSessionAsync("PRT-2", bobs.SessionId);
        await Admin.ReleaseEditSessionAsync("PRT-2", alices.SessionId, "stuck");

        var payloads = new List<SiloEventPayload>();
        // The session and subscription events only: item and revision events (Item, Revision) are not this test's.
        while (payloads.Count < 8)
            if ((await recorder.NextEventAsync()).Payload is { } payload and not (Item or Revision)) payloads.Add(payload);

        var checkpoint = Assert.IsType<SubscriptionCheckpoint>(payloads[0]);
        Assert.Equal(("PRT-1", checkpointId, "manual", "bob", checkpointHash, (long)"bob's work".Length),
            (checkpoint.PartNumber, checkpoint.CheckpointId, checkpoint.Context, checkpoint.CheckpointUser, checkpoint.FileHash, checkpoint.FileSize));
        Assert.False(string.IsNullOrEmpty(checkpoint.ItemId));
        var newRevision = Assert.IsType<SubscriptionRevision>(payloads[1]);
        Assert.Equal(("PRT-1", revision, revisionHash, checkpoint.ItemId), (newRevision.PartNumber, newRevision.Revision, newRevision.FileHash, newRevision.ItemId));
        Assert.False(string.IsNullOrEmpty(newRevision.Status));
        Assert.IsType<EditSessionAcquired>(payloads[2]);
        var bobsAcquired = Assert.IsType<EditSessionAcquired>(payloads[3]);
        Assert.Equal(("bob", "bob-pc", bobWs, "Sketch002"), (bobsAcquired.User, bobsAcquired.Workstation, bobsAcquired.WorkstationId, bobsAcquired.ObjectId));
        var released = Assert.IsType<EditSessionReleased>(payloads[4]);
        Assert.Equal((bobs.SessionId, "bob", ContextLevels.Sketch, "released"), (released.SessionId, released.User, released.ContextLevel, released.Reason));
        var resolved = Assert.IsType<EditInterferenceResolved>(payloads[5]);
        Assert.Equal((alices.SessionId, "Sketch001", bobs.SessionId, "bob", "Sketch002", "released"),
            (resolved.SessionId, resolved.ObjectId, resolved.ResolvedSessionId, resolved.ResolvedUser, resolved.ResolvedObjectId, resolved.Reason));
        Assert.Equal(["Pad001"], resolved.SharedNodes);
        var forced = Assert.IsType<EditForceReleased>(payloads[6]);
        Assert.Equal((alices.SessionId, "alice", _ws, "admin", "stuck"), (forced.SessionId, forced.User, forced.WorkstationId, forced.ReleasedBy, forced.Reason));
        Assert.Equal("forced", Assert.IsType<EditSessionReleased>(payloads[7]).Reason);
    }

    [Fact]
    public async Task Events_ResumeFromUnknownPosition_SyncRequiredIsTyped()
    {
        var feed = Alice.Events(_ws, lastEventId: 1_000_000);
        using var recorder = new FeedRecorder(feed);

        var first = await recorder.NextEventAsync();

        var sync = Assert.IsType<SyncRequired>(first.Payload);
        Assert.Equal("unknown_position", sync.Reason);
        Assert.Equal(await HeadAsync(), sync.ResumeAfter);
    }

    [Fact]
    public async Task Events_ServerRestarts_StatesReconnectAndEveryEventArrivesOnce()
    {
        var clock = new SignallingClock();
        var head = await HeadAsync();
        var feed = ClientFor(AliceToken, time: clock).Events(_ws, head, BaseDelay);
        using var recorder = new FeedRecorder(feed);
        Assert.Equal(ConnectionState.Offline, await recorder.NextStateAsync());
        Assert.Equal(ConnectionState.Connected, await recorder.NextStateAsync());

        var received = new List<SiloEvent>();
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1");
        await ServerKit.LockAsync(Server, BobToken, "PRT-1");
        received.Add(await recorder.NextEventAsync());
        received.Add(await recorder.NextEventAsync());

        await Server.StopAsync();
        Assert.Equal(ConnectionState.Reconnecting, await recorder.NextStateAsync());
        Assert.Equal(BaseDelay, await clock.NextTimerAsync());
        // Still down at the first retry: the next one waits twice as long.
        clock.Advance(BaseDelay);
        Assert.Equal(BaseDelay * 2, await clock.NextTimerAsync());
        await Server.RestartAsync();
        await UnlockAsync(BobToken, "PRT-1");
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-2");
        clock.Advance(BaseDelay * 2);

        Assert.Equal(ConnectionState.Connected, await recorder.NextStateAsync());
        received.Add(await recorder.NextEventAsync());
        received.Add(await recorder.NextEventAsync());
        Assert.Equal([ConnectionState.Offline, ConnectionState.Connected, ConnectionState.Reconnecting, ConnectionState.Connected], recorder.States);
        Assert.Equal((await HistoryIdsAsync()).Where(id => id > head), received.Select(e => e.Id));
        Assert.Equal(
            [typeof(SubscriptionChanged), typeof(ItemLocked), typeof(ItemUnlocked), typeof(SubscriptionChanged)],
            received.Select(e => e.Payload!.GetType()));
        Assert.False(recorder.TryTakeEvent(out _));
        Assert.Equal(received[^1].Id, feed.LastEventId);
    }

    [Fact]
    public async Task Events_Disposed_ClosesTheStreamAndNeverReconnects()
    {
        var clock = new SignallingClock();
        var handler = new TrackingHandler();
        using var http = new HttpClient(handler) { BaseAddress = BaseAddresses.AsDirectory(Server.BaseAddress) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AliceToken);
        var feed = new SiloClient(http, clock).Events(_ws, await HeadAsync(), BaseDelay);
        var recorder = new FeedRecorder(feed);
        Assert.Equal(ConnectionState.Offline, await recorder.NextStateAsync());
        Assert.Equal(ConnectionState.Connected, await recorder.NextStateAsync());
        Assert.Equal(1, handler.OpenStreams);

        recorder.DisposeEvents();

        await handler.StreamClosed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, handler.OpenStreams);
        Assert.Equal(ConnectionState.Offline, await recorder.NextStateAsync());
        var requests = handler.Requests;
        clock.Advance(TimeSpan.FromMinutes(5));
        await ServerKit.LockAsync(Server, BobToken, "PRT-1");
        Assert.Equal(requests, handler.Requests);
        Assert.Equal(0, clock.TimersCreated);
        Assert.False(recorder.TryTakeEvent(out _));
        recorder.Dispose();
    }

    [Fact]
    public async Task Events_TwoSubscribers_ShareOneConnectionAndBothGetEachEvent()
    {
        var handler = new TrackingHandler();
        using var http = new HttpClient(handler) { BaseAddress = BaseAddresses.AsDirectory(Server.BaseAddress) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AliceToken);
        var feed = new SiloClient(http).Events(_ws, await HeadAsync());
        using var first = new FeedRecorder(feed);
        using var second = new FeedRecorder(feed);
        await first.NextStateAsync();
        Assert.Equal(ConnectionState.Connected, await first.NextStateAsync());

        await ServerKit.LockAsync(Server, BobToken, "PRT-1");

        var a = await first.NextEventAsync();
        var b = await second.NextEventAsync();
        Assert.Same(a, b);
        Assert.IsType<ItemLocked>(a.Payload);
        Assert.Equal(1, handler.OpenStreams);
    }

    [Fact]
    public async Task Events_ResubscribedAfterDispose_ResumesAfterLastDeliveredEvent()
    {
        var feed = Alice.Events(_ws, await HeadAsync());
        long firstId;
        using (var first = new FeedRecorder(feed))
        {
            await ServerKit.LockAsync(Server, BobToken, "PRT-1");
            firstId = (await first.NextEventAsync()).Id;
        }
        // Made while nobody listens: the next subscription must still get it, and not the lock again.
        await UnlockAsync(BobToken, "PRT-1");
        Assert.Equal(firstId, feed.LastEventId);

        using var second = new FeedRecorder(feed);
        var next = await second.NextEventAsync();

        Assert.IsType<ItemUnlocked>(next.Payload);
        Assert.Equal((await HistoryIdsAsync()).Single(id => id > firstId), next.Id);
    }

    [Fact]
    public async Task Events_UnknownToken_GoesOfflineWithAuthErrorWithoutRetrying()
    {
        var clock = new SignallingClock();
        var feed = ClientFor("not-a-token", time: clock).Events(_ws);
        using var recorder = new FeedRecorder(feed);

        Assert.IsType<AuthException>(await recorder.ErrorAsync());

        Assert.Equal(ConnectionState.Offline, await recorder.NextStateAsync());
        Assert.Equal(0, clock.TimersCreated);
        Assert.False(recorder.TryTakeEvent(out _));
    }

    [Fact]
    public async Task Events_AnotherUsersWorkstation_ErrorsWithAuthInsteadOfReconnecting()
    {
        var clock = new SignallingClock();
        var feed = ClientFor(BobToken, time: clock).Events(_ws, lastEventId: 0);
        using var recorder = new FeedRecorder(feed);

        Assert.IsType<AuthException>(await recorder.ErrorAsync());

        Assert.Equal(0, clock.TimersCreated);
    }
}
