using System.Diagnostics;

namespace Silo.Bench.Harness;

/// <summary>What one round measured: completed operations, wall time, and each operation's latency.</summary>
internal sealed record RoundResult(long Operations, TimeSpan Elapsed, long[] LatencyTicks)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    /// <summary>Nearest-rank percentile of the latencies, in milliseconds.</summary>
    public static double PercentileMs(IEnumerable<long> ticks, double percentile)
    {
        var sorted = ticks.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>
/// Closed-loop load: every client runs one operation after another, as fast as the server answers,
/// until the round's deadline. Operations still in flight at the deadline finish and count; the
/// elapsed time runs until the last one did.
/// </summary>
internal static class LoadRunner
{
    /// <summary>A round may overrun its length by this much (the last requests in flight) before it is a hang.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public static async Task<RoundResult> RunAsync<TClient>(IReadOnlyList<TClient> clients, Func<TClient, CancellationToken, Task> operation,
        TimeSpan length, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(length + Grace);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var latencies = new List<long>[clients.Count];
        long deadline = 0;

        var workers = clients.Select((client, index) => Task.Run(async () =>
        {
            var mine = latencies[index] = new List<long>(capacity: 4096);
            await start.Task;
            while (Stopwatch.GetTimestamp() < Volatile.Read(ref deadline))
            {
                var begun = Stopwatch.GetTimestamp();
                await operation(client, bound.Token);
                mine.Add(Stopwatch.GetTimestamp() - begun);
            }
        }, bound.Token)).ToArray();

        var clock = Stopwatch.StartNew();
        Volatile.Write(ref deadline, Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency));
        start.SetResult();
        await Task.WhenAll(workers);
        clock.Stop();

        var all = latencies.SelectMany(l => l).ToArray();
        return new RoundResult(all.LongLength, clock.Elapsed, all);
    }
}
