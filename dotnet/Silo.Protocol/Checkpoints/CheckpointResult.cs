namespace Silo.Protocol.Checkpoints;

/// <summary>What one checkpoint commit did: stored, DAG replaced, session released, subscribers told.</summary>
/// <param name="Version">The checkpoint's place in the item's lineage: it is now the head.</param>
public sealed record CheckpointResult(string CheckpointId, string Context, int SubscribersNotified, bool DagSynced, bool SessionReleased, long? Version = null);
