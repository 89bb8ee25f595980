using Silo.Protocol.Checkpoints;

namespace SiloMod.Core.Host;

/// <summary>What the host hands over after an exit that <see cref="ExitDecision.HandsOver"/>: the saved file and its DAG.</summary>
/// <param name="OnlyIfChanged">
/// The document had no unsaved changes (<see cref="ExitAction.CheckpointIfChanged"/>): a file that is
/// exactly what was last sent or downloaded becomes no checkpoint, and its session is released instead.
/// </param>
public sealed record CheckpointSubmission(string PartNumber, string FilePath, string Context, string? SessionId, Dag? Dag, bool OnlyIfChanged = false);
