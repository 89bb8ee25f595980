namespace Silo.Server.Checkpoints;

/// <summary>
/// Called between the steps of a checkpoint commit, inside its transaction. The default does
/// nothing; tests substitute one that throws to prove a fault at any step leaves nothing behind.
/// </summary>
public interface ICheckpointCommitProbe
{
    /// <param name="completedStep">The step just completed: <see cref="CheckpointCommitSteps"/>.</param>
    Task StepAsync(string completedStep, CancellationToken ct);
}

public static class CheckpointCommitSteps
{
    public const string SessionReleased = "session_released";
    public const string CheckpointStored = "checkpoint_stored";
    public const string DagStored = "dag_stored";
    public const string EventsAppended = "events_appended";
    public const string ResponseStored = "response_stored";

    public static readonly IReadOnlyList<string> All = [SessionReleased, CheckpointStored, DagStored, EventsAppended, ResponseStored];
}

internal sealed class NoCheckpointCommitProbe : ICheckpointCommitProbe
{
    public Task StepAsync(string completedStep, CancellationToken ct) => Task.CompletedTask;
}
