namespace Silo.Server.Sync;

/// <summary>Everything the workstation holds; it replaces what the server knew before.</summary>
public sealed record SyncStateReport(IReadOnlyList<SyncStateItem?>? Items);

/// <param name="IsCheckpoint">Omitted means false. A checkpoint names checkpoint_id, a revision names revision.</param>
public sealed record SyncStateItem(string? PartNumber, int? Revision, string? CheckpointId, string? FileHash, bool? IsCheckpoint);

/// <summary>The workstation now holds this file of the item (named by item_id or part_number).</summary>
public sealed record SyncAckRequest(string? ItemId, string? PartNumber, int? Revision, string? CheckpointId, string? FileHash, bool? IsCheckpoint);

/// <summary>
/// One difference between what a workstation holds and what its subscriptions want. For downloads
/// and updates the revision/checkpoint fields and file_hash describe the target; for removals
/// (no target) they describe what the workstation holds. <c>target_version</c> and
/// <c>current_version</c> place target and held file in the item's lineage, so a client can tell
/// a newer version from an older one.
/// </summary>
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
    bool IsCheckpoint,
    string? CheckpointId,
    string? CheckpointContext,
    string? CheckpointUser,
    string FileHash,
    long? TargetVersion = null,
    long? CurrentVersion = null);

/// <param name="NextCursor">Pass back as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record SyncDiff(IReadOnlyList<SyncDiffEntry> Downloads, IReadOnlyList<SyncDiffEntry> Updates, IReadOnlyList<SyncDiffEntry> Removals, string? NextCursor);

public static class SyncActions
{
    /// <summary>Covered, has a target, and the workstation holds nothing of the item.</summary>
    public const string Download = "download";

    /// <summary>The workstation holds another file or another revision/checkpoint than the target.</summary>
    public const string Update = "update";

    /// <summary>The workstation holds the item but no subscription covers it any more (paused ones still do).</summary>
    public const string Remove = "remove";
}
