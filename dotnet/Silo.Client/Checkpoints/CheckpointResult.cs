namespace Silo.Client.Checkpoints;

/// <summary>What one checkpoint commit did: stored, DAG replaced, session released, subscribers told.</summary>
public sealed record CheckpointResult(string CheckpointId, string Context, int SubscribersNotified, bool DagSynced, bool SessionReleased);
