using Silo.Server.Events;
using Silo.Server.Hosting;
using Silo.Testing;

namespace Silo.Server.Tests.Events;

public sealed class EventCatchUpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ExecuteAsync_IntervalPasses_PulsesTheNotifier()
    {
        var clock = TestClock.New();
        var notifier = new EventNotifier();
        var options = new SiloServerOptions { EventCatchUp = new Duration(TimeSpan.FromSeconds(2)) };
        using var catchUp = new EventCatchUp(notifier, options, clock);
        await catchUp.StartAsync(CancellationToken.None);
        var next = notifier.NextAsync();

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        await next.WaitAsync(Timeout);
        var after = notifier.NextAsync();
        clock.Advance(TimeSpan.FromSeconds(2));
        await after.WaitAsync(Timeout);
        await catchUp.StopAsync(CancellationToken.None);
    }
}
