using System.Diagnostics;
using System.Runtime;

namespace Silo.Bench.Harness;

/// <summary>
/// Runs the measured operations, alternating in short slices, until the JIT has stopped compiling.
/// Tiered compilation re-JITs hot methods with profile data in the background; on two busy cores
/// that goes on for tens of seconds, and rounds measured before it settles climb one after another.
/// </summary>
internal static class WarmUp
{
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(1);

    /// <summary>Fewer newly compiled methods than this over one slice of every side counts as settled.</summary>
    private const long SettledBelow = 25;

    public sealed record Outcome(TimeSpan Elapsed, long CompiledMethods, bool Settled);

    public static async Task<Outcome> RunAsync(IReadOnlyList<Func<TimeSpan, Task>> sides, TimeSpan minimum, TimeSpan maximum)
    {
        var clock = Stopwatch.StartNew();
        var compiled = JitInfo.GetCompiledMethodCount();
        while (true)
        {
            foreach (var side in sides) await side(Slice);
            var now = JitInfo.GetCompiledMethodCount();
            var settled = now - compiled < SettledBelow;
            compiled = now;
            if ((settled && clock.Elapsed >= minimum) || clock.Elapsed >= maximum) return new Outcome(clock.Elapsed, now, settled);
        }
    }
}
