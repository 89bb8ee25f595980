using Silo.Server.Events;

namespace Silo.Server.Tests.Events;

public sealed class EventNotifierTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void NextAsync_BeforeAnyPulse_IsPending()
    {
        var notifier = new EventNotifier();

        Assert.False(notifier.NextAsync().IsCompleted);
        Assert.Same(notifier.NextAsync(), notifier.NextAsync());
    }

    [Fact]
    public async Task Pulse_WithSeveralWaiters_WakesEveryOne()
    {
        var notifier = new EventNotifier();
        var waiters = Enumerable.Range(0, 5).Select(_ => notifier.NextAsync()).ToList();

        notifier.Pulse();

        await Task.WhenAll(waiters).WaitAsync(Timeout);
        Assert.All(waiters, w => Assert.True(w.IsCompletedSuccessfully));
    }

    [Fact]
    public void NextAsync_AfterPulse_ReturnsFreshPendingTask()
    {
        var notifier = new EventNotifier();
        var before = notifier.NextAsync();

        notifier.Pulse();
        var after = notifier.NextAsync();

        Assert.NotSame(before, after);
        Assert.False(after.IsCompleted);
    }

    [Fact]
    public void Pulse_WithoutWaiters_IsHarmless()
    {
        var notifier = new EventNotifier();

        notifier.Pulse();
        notifier.Pulse();

        Assert.False(notifier.NextAsync().IsCompleted);
    }

    [Fact]
    public async Task Pulse_ContinuationsOfWaiters_DoNotRunInsidePulse()
    {
        // Pulse runs right after a commit, on the writer's thread: a stream's continuation must not run there.
        // This one blocks until Pulse has returned; run inline, it would time out and yield false.
        var notifier = new EventNotifier();
        using var pulseReturned = new ManualResetEventSlim();
        var continuation = notifier.NextAsync().ContinueWith(_ => pulseReturned.Wait(Timeout),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        notifier.Pulse();
        pulseReturned.Set();

        Assert.True(await continuation.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Pulse_ConcurrentWithWaiterProtocol_NeverLosesAWakeUp()
    {
        // The stream's protocol: take the task, then look at the log, then wait. A producer that
        // appends and pulses at any moment in between must still wake it.
        var notifier = new EventNotifier();
        const int Appends = 20_000;
        long appended = 0;

        var consumer = Task.Run(async () =>
        {
            long seen = 0;
            while (seen < Appends)
            {
                var wake = notifier.NextAsync();
                var now = Interlocked.Read(ref appended);
                if (now > seen)
                {
                    seen = now;
                    continue;
                }
                await wake.WaitAsync(Timeout);
            }
            return seen;
        });
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < Appends; i++)
            {
                Interlocked.Increment(ref appended);
                notifier.Pulse();
            }
        });

        await producer.WaitAsync(Timeout);
        Assert.Equal(Appends, await consumer.WaitAsync(Timeout));
    }
}
