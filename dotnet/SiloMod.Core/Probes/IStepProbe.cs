namespace SiloMod.Core.Probes;

/// <summary>
/// Told after each step of a download or a push that changes what is on disk or on the server.
/// Production passes none; tests stop or kill the process there, or fill the disk, to prove that
/// whatever happens between two steps leaves nothing lost, duplicated or mistaken.
/// </summary>
public interface IStepProbe
{
    /// <param name="completedStep">The step just completed: one of <see cref="CoreSteps"/>.</param>
    /// <param name="partNumber">The item concerned.</param>
    ValueTask CompletedAsync(string completedStep, string partNumber, CancellationToken ct);
}
