using Silo.Client.Errors;
using Silo.Client.Events;
using Silo.Protocol.Subscriptions;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Events;

/// <summary>The reconnecting stream against a real server that stops and restarts; reconnect delays on a manual clock.</summary>
public sealed class FollowEventsTests : ClientTestBase
{
    private string _ws = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Server.CreateItemAsync("PRT-1");
        await Server.CreateItemAsync("PRT-2");
        _ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
    }

    private async Task<long> HeadAsync() =>
        (await ServerKit.EventsAsync(Server, AliceToken, _ws)).Select(e => e.GetProperty("id").GetInt64()).DefaultIfEmpty(0).Max();

    [Fact]
    public async Task FollowEventsAsync_ServerRestarts_ResumesWithEventsFromTheGap()
    {
        var clock = new SignallingClock();
        var follower = ClientFor(AliceToken, time: clock);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = follower.FollowEventsAsync(_ws, await HeadAsync(), TimeSpan.FromSeconds(5), timeout.Token).GetAsyncEnumerator(timeout.Token);
        var firstNext = events.MoveNextAsync();
        await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-1");
        Assert.True(await firstNext);
        Assert.Equal(EventTypes.SubscriptionUpdate, events.Current.Type);
        var firstId = events.Current.Id;

        var secondNext = events.MoveNextAsync();
        await Server.StopAsync();
        await clock.NextTimerAsync();
        await Server.RestartAsync();
        // Made while the follower waits to reconnect: it must still arrive, through Last-Event-ID.
        var gap = await Alice.CreateSubscriptionAsync(_ws, SubscriptionTypes.Item, "PRT-2");
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(await secondNext);
        Assert.True(events.Current.Id > firstId);
        Assert.Equal(gap.Id, events.Current.Data.GetProperty("subscription").GetProperty("id").GetString());
        await events.DisposeAsync();
    }

    [Fact]
    public async Task FollowEventsAsync_AnotherUsersWorkstation_ThrowsAuthInsteadOfReconnecting()
    {
        var clock = new SignallingClock();
        var follower = ClientFor(BobToken, time: clock);

        await Assert.ThrowsAsync<AuthException>(async () =>
        {
            await foreach (var _ in follower.FollowEventsAsync(_ws, lastEventId: 0)) { }
        });
        Assert.Equal(0, clock.TimersCreated);
    }

    [Fact]
    public async Task FollowEventsAsync_Cancelled_Stops()
    {
        var follower = ClientFor(AliceToken);
        using var cts = new CancellationTokenSource();
        var events = follower.FollowEventsAsync(_ws, await HeadAsync(), ct: cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
        await events.DisposeAsync();
    }
}
