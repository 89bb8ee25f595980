using System.Collections.Concurrent;
using SiloMod.Core.Probes;

namespace SiloMod.Core.Tests.Support;

/// <summary>Records the steps the core reports, and runs a test's action at a chosen one (a fault, say).</summary>
internal sealed class StepRecorder : IStepProbe
{
    private readonly ConcurrentQueue<string> _steps = new();

    /// <summary>Runs at each step; may throw to simulate a failure right after it.</summary>
    public Func<string, string, ValueTask>? At { get; set; }

    public IReadOnlyList<string> Steps => [.. _steps];

    public async ValueTask CompletedAsync(string completedStep, string partNumber, CancellationToken ct)
    {
        _steps.Enqueue(completedStep);
        if (At is { } at) await at(completedStep, partNumber);
    }
}
