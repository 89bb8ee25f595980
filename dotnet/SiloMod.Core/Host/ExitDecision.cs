using Silo.Protocol.Checkpoints;

namespace SiloMod.Core.Host;

/// <summary>The core's answer to leaving a context.</summary>
/// <param name="Context">The checkpoint context (<c>sketch_close</c>, <c>body_close</c>, <c>assembly_close</c>) of a checkpoint.</param>
/// <param name="SessionId">The session the checkpoint releases; null when none was held (locking off, entered offline).</param>
public sealed record ExitDecision(ExitAction Action, string? Context = null, string? SessionId = null)
{
    public static ExitDecision Nothing { get; } = new(ExitAction.None);

    /// <summary>The host hands a checkpoint over: saved first for <see cref="ExitAction.Checkpoint"/>, as it is for <see cref="ExitAction.CheckpointIfChanged"/>.</summary>
    public bool HandsOver => Action is ExitAction.Checkpoint or ExitAction.CheckpointIfChanged;

    /// <summary>What the host hands over for this exit once it has the file and its DAG.</summary>
    public CheckpointSubmission Submission(string partNumber, string filePath, Dag? dag) =>
        new(partNumber, filePath, Context ?? "", SessionId, dag, OnlyIfChanged: Action == ExitAction.CheckpointIfChanged);
}
