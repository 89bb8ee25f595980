using Silo.Server.Events;

namespace Silo.Server.Tests.Events;

public sealed class DeliveryLaneTests
{
    [Fact]
    public async Task RunAsync_Delivery_RunsAndResumesInTheLane()
    {
        TaskScheduler? before = null, after = null;
        await DeliveryLane.RunAsync(async () =>
        {
            before = TaskScheduler.Current;
            await Task.Yield();
            after = TaskScheduler.Current;
        }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Same(DeliveryLane.Scheduler, before);
        Assert.Same(DeliveryLane.Scheduler, after);
    }

    [Fact]
    public void Scheduler_LeavesTheRequestsAtLeastHalfTheCores()
    {
        Assert.Equal(DeliveryLane.Width, DeliveryLane.Scheduler.MaximumConcurrencyLevel);
        Assert.InRange(DeliveryLane.Width, 1, Math.Max(1, Environment.ProcessorCount / 2));
    }

    [Fact]
    public async Task RunAsync_DeliveryThrows_TheTaskFaultsWithIt()
    {
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DeliveryLane.RunAsync(() => throw new InvalidOperationException("stream broke"), CancellationToken.None));
        Assert.Equal("stream broke", thrown.Message);
    }
}
