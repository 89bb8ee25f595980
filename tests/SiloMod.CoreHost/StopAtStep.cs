using SiloMod.Core.Probes;

namespace SiloMod.CoreHost;

/// <summary>Tells every step on standard output; at the chosen one, freezes the core's work there for the test to kill the process.</summary>
internal sealed class StopAtStep(string? stopAt) : IStepProbe
{
    private int _stopped;

    public async ValueTask CompletedAsync(string completedStep, string partNumber, CancellationToken ct)
    {
        HostOutput.Write("step", new { Step = completedStep, PartNumber = partNumber });
        if (completedStep != stopAt || Interlocked.Exchange(ref _stopped, 1) != 0) return;
        HostOutput.Write("stopped", new { Step = completedStep, PartNumber = partNumber });
        // Not cancellable: the point is to be killed here, not to unwind.
        await Task.Delay(Timeout.Infinite, CancellationToken.None).ConfigureAwait(false);
    }
}
