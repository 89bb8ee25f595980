namespace SiloMod.Core.Probes;

internal sealed class NoStepProbe : IStepProbe
{
    public static readonly NoStepProbe Instance = new();

    public ValueTask CompletedAsync(string completedStep, string partNumber, CancellationToken ct) => ValueTask.CompletedTask;
}
