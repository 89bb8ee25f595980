using System.Text.Json;
using Silo.Protocol.EditSessions;
using Silo.Client.Errors;
using Silo.Client.Events;
using Silo.Protocol.Subscriptions;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Events;

public sealed class EventStreamTests : ClientTestBase
{
    private const string Part = "PRT-100";
    private string _aliceWs = "";
    private string _bobWs = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync(Part);
        _aliceWs = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
        _bobWs = (await Bob.RegisterWorkstationAsync("bob-pc", Fingerprint("b"))).Id;
    }

    private static async Task<SiloEvent> FirstAsync(IAsyncEnumerable<SiloEvent> events, string type)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var e in events.WithCancellation(timeout.Token))
            if (e.Type == type) return e;
        throw new InvalidOperationException($"The stream ended without {type}.");
    }

    [Fact]
    public async Task StreamEventsAsync_HandoffRequested_ArrivesOnHolderWorkstationStream()
    {
        var alices = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.PartDesign, "Body", []);
        await Bob.RequestHandoffAsync(Part, alices.SessionId, "please");

        var handoff = await FirstAsync(Alice.StreamEventsAsync(_aliceWs, lastEventId: 0), EventTypes.EditHandoffRequested);

        Assert.Equal(Part, handoff.PartNumber);
        Assert.Equal(alices.SessionId, handoff.Data.GetProperty("session_id").GetString());
        Assert.Equal("bob", handoff.Data.GetProperty("requester").GetString());
    }

    [Fact]
    public async Task StreamEventsAsync_LiveEvent_ArrivesWhileConnected()
    {
        // Resume from the current head so the test need not race the connection: nothing before is replayed.
        var head = (await ServerKit.EventsAsync(Server, AliceToken)).Select(e => e.GetProperty("id").GetInt64()).DefaultIfEmpty(0).Max();
        var stream = FirstAsync(Alice.StreamEventsAsync(_aliceWs, lastEventId: head), EventTypes.SubscriptionUpdate);

        var sub = await Alice.CreateSubscriptionAsync(_aliceWs, SubscriptionTypes.Item, Part);

        var update = await stream;
        Assert.True(update.Id > head);
        Assert.Equal("created", update.Data.GetProperty("action").GetString());
        Assert.Equal(sub, update.Data.GetProperty("subscription").Deserialize<Subscription>(Silo.Client.Http.SiloClientJson.Options));
    }

    [Fact]
    public async Task StreamEventsAsync_ResumeAfterId_ReplaysOnlyLaterEvents()
    {
        var first = await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", []);
        var acquired = await FirstAsync(Alice.StreamEventsAsync(lastEventId: 0), EventTypes.EditSessionAcquired);
        var second = await Bob.AcquireEditSessionAsync(Part, _bobWs, ContextLevels.Sketch, "Sketch002", []);

        var next = await FirstAsync(Alice.StreamEventsAsync(lastEventId: acquired.Id), EventTypes.EditSessionAcquired);

        Assert.Equal(first.SessionId, acquired.Data.GetProperty("session_id").GetString());
        Assert.Equal(second.SessionId, next.Data.GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task StreamEventsAsync_ResumeFromUnknownPosition_StartsWithSyncRequired()
    {
        var first = await FirstAsync(Alice.StreamEventsAsync(_aliceWs, lastEventId: 1_000_000), EventTypes.SyncRequired);

        Assert.Equal("unknown_position", first.Data.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task StreamEventsAsync_AnotherUsersWorkstation_ThrowsAuthBeforeStreaming()
    {
        await Assert.ThrowsAsync<AuthException>(async () =>
        {
            await foreach (var _ in Bob.StreamEventsAsync(_aliceWs, lastEventId: 0)) { }
        });
    }

    [Fact]
    public async Task StreamEventsAsync_ServerStopped_ThrowsUnavailable()
    {
        await Server.StopAsync();

        await Assert.ThrowsAsync<UnavailableException>(async () =>
        {
            await foreach (var _ in Alice.StreamEventsAsync()) { }
        });
    }

    [Fact]
    public async Task StreamEventsAsync_ServerStopsWhileStreaming_EnumerationEndsCleanly()
    {
        await Alice.AcquireEditSessionAsync(Part, _aliceWs, ContextLevels.Sketch, "Sketch001", []);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var enumerator = Alice.StreamEventsAsync(lastEventId: 0).GetAsyncEnumerator(timeout.Token);
        do Assert.True(await enumerator.MoveNextAsync());
        while (enumerator.Current.Type != EventTypes.EditSessionAcquired);

        var stopping = Server.StopAsync();

        // A stopping server ends its streams; the client's enumeration ends rather than hanging
        // (the timeout would fail the test) so the caller can reconnect with the last id it saw.
        Assert.False(await enumerator.MoveNextAsync());
        await stopping;
        await enumerator.DisposeAsync();
    }
}
