namespace Silo.Client.Sync;

/// <summary>
/// One difference between what a workstation holds and what its subscriptions want. For downloads
/// and updates the checkpoint fields and <see cref="FileHash"/> describe the target; for removals
/// what is held.
/// </summary>
/// <param name="Action">One of <see cref="SyncActions"/>.</param>
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
    string? FileHash = null);
