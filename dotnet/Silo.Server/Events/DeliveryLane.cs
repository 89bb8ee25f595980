namespace Silo.Server.Events;

/// <summary>
/// Where open streams write the frames they are offered. One commit can wake every open stream;
/// on the shared thread pool a thousand woken streams would queue ahead of the requests that
/// arrived meanwhile (acquires, heartbeats, pushes), and each of those would wait out a whole
/// round of deliveries, again at every await. In this lane the streams take turns on at most half
/// the machine's cores, a few dozen writes per turn, so a request waits behind a few turns at most,
/// and delivery still gets its share of the machine.
/// </summary>
internal static class DeliveryLane
{
    private const int WritesPerTurn = 32;

    public static int Width { get; } = Math.Max(1, Environment.ProcessorCount / 2);

    public static TaskScheduler Scheduler { get; } =
        new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, Width, WritesPerTurn).ConcurrentScheduler;

    /// <summary>Runs <paramref name="delivery"/> in the lane; its awaits resume there too, since they capture the current scheduler.</summary>
    public static Task RunAsync(Func<Task> delivery, CancellationToken ct) =>
        Task.Factory.StartNew(delivery, ct, TaskCreationOptions.DenyChildAttach, Scheduler).Unwrap();
}
