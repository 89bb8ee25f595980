namespace Silo.Protocol.Events;

/// <summary><c>subscription.checkpoint</c>: another user pushed a checkpoint of a followed item.</summary>
/// <param name="Context">One of <see cref="Checkpoints.CheckpointContexts.NotifyContexts"/>.</param>
public sealed record SubscriptionCheckpoint(
    string PartNumber,
    string ItemId,
    string CheckpointId,
    string Context,
    string CheckpointUser,
    string FileHash,
    long FileSize,
    DateTimeOffset CreatedAt,
    long? Version = null) : SiloEventPayload;
