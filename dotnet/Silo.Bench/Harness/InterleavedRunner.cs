using System.Diagnostics;

namespace Silo.Bench.Harness;

/// <summary>
/// One client taking turns: side A, side B, side A, … until the deadline. Each side reports the
/// ticks of the part it measures (set-up or clean-up around it stays out), so both sides see the
/// same moment-to-moment load on the machine.
/// </summary>
internal static class InterleavedRunner
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <returns>Per side, the measured ticks of each turn.</returns>
    public static async Task<long[][]> RunAsync(IReadOnlyList<Func<CancellationToken, Task<long>>> sides, TimeSpan length, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(length + Grace);
        var measured = sides.Select(_ => new List<long>(capacity: 4096)).ToArray();
        var deadline = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            for (var i = 0; i < sides.Count; i++) measured[i].Add(await sides[i](bound.Token));
        }
        return measured.Select(m => m.ToArray()).ToArray();
    }
}
