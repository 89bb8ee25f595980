using System.Diagnostics;
using Silo.Bench.Harness;

namespace Silo.Bench.Team;

/// <summary>Latencies recorded from many tasks at once, read out per measuring window.</summary>
internal sealed class Latencies
{
    private readonly Lock _gate = new();
    private List<long> _ticks = [];
    private int _errors;

    public void Add(long ticks)
    {
        lock (_gate) _ticks.Add(ticks);
    }

    public void Error() => Interlocked.Increment(ref _errors);

    /// <summary>What was recorded since the last call, and clears it.</summary>
    public (long[] Ticks, int Errors) Drain()
    {
        lock (_gate)
        {
            var taken = _ticks.ToArray();
            _ticks = [];
            return (taken, Interlocked.Exchange(ref _errors, 0));
        }
    }

    public static double P(long[] ticks, double percentile) => RoundResult.PercentileMs(ticks, percentile);

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
