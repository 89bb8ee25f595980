using Silo.Server.Events;

namespace Silo.Server.Tests.Events;

public sealed class EventSubscriptionTests
{
    private static readonly EventReader Reader = new("u1", "ws1");

    private static EventFrame Frame(long id) => new(id, null, null, null, false, [(byte)'x']);

    private static EventSubscription NewSubscription() => new(Reader, _ => { });

    private static void Offer(EventSubscription subscription, EventFrame frame) => subscription.Offer(frame);

    [Fact]
    public void WaitAsync_NothingOffered_IsPending()
    {
        using var subscription = NewSubscription();

        Assert.False(subscription.WaitAsync().IsCompleted);
    }

    [Fact]
    public async Task Offer_WhileWaiting_WakesAndTakeReturnsFramesInOrder()
    {
        using var subscription = NewSubscription();
        var waiting = subscription.WaitAsync();

        Offer(subscription, Frame(1));
        Offer(subscription, Frame(2));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        var taken = subscription.Take(out var overflowed);
        Assert.False(overflowed);
        Assert.Equal([1L, 2L], taken.Select(f => f.Id));
        Assert.False(subscription.WaitAsync().IsCompleted);
    }

    [Fact]
    public void Offer_BeyondMaxPending_DropsTheInboxAndReportsOverflow()
    {
        using var subscription = NewSubscription();
        for (var id = 1; id <= EventSubscription.MaxPending + 5; id++) Offer(subscription, Frame(id));

        Assert.True(subscription.WaitAsync().IsCompleted);
        var taken = subscription.Take(out var overflowed);

        Assert.True(overflowed);
        Assert.Empty(taken);
        Offer(subscription, Frame(EventSubscription.MaxPending + 6));
        Assert.Single(subscription.Take(out overflowed));
        Assert.False(overflowed);
    }

    [Fact]
    public void HasPending_OfferedThenTaken_IsTrueOnlyUntilTaken()
    {
        using var subscription = NewSubscription();
        Assert.False(subscription.HasPending);

        Offer(subscription, Frame(1));
        Assert.True(subscription.HasPending);

        subscription.Take(out _);
        Assert.False(subscription.HasPending);
    }

    [Fact]
    public void HasPending_StreamEndedWithFramesUntaken_IsFalse()
    {
        // The broadcaster waits for pending streams; one that has ended will never take its frames.
        var subscription = NewSubscription();
        Offer(subscription, Frame(1));

        subscription.Dispose();

        Assert.False(subscription.HasPending);
    }
}
