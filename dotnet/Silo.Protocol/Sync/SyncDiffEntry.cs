namespace Silo.Protocol.Sync;

/// <summary>
/// One difference between what a workstation holds and what its subscriptions want. For downloads
/// and updates the checkpoint fields and <see cref="FileHash"/> describe the target; for removals
/// what is held.
/// </summary>
/// <param name="Action">One of <see cref="SyncActions"/>.</param>
/// <param name="TargetVersion">The target's place in the item's lineage; null for a removal.</param>
/// <param name="CurrentVersion">The held file's place, when the server knows it as a version.</param>
public sealed record SyncDiffEntry(
    string ItemId,
    string PartNumber,
    string Category,
    string Description,
    int? TargetRevision,
    int? CurrentRevision,
    string? DownloadUrl,
    string? SubscriptionId,
    string Action,
    bool IsCheckpoint = false,
    string? CheckpointId = null,
    string? CheckpointContext = null,
    string? CheckpointUser = null,
    string? FileHash = null,
    long? TargetVersion = null,
    long? CurrentVersion = null);
