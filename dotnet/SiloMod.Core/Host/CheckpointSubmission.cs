using Silo.Protocol.Checkpoints;

namespace SiloMod.Core.Host;

/// <summary>What the host hands over after an <see cref="ExitAction.Checkpoint"/>: the saved file and its DAG.</summary>
public sealed record CheckpointSubmission(string PartNumber, string FilePath, string Context, string? SessionId, Dag? Dag);
