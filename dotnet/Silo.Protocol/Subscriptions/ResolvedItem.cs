namespace Silo.Protocol.Subscriptions;

/// <summary>One item a workstation should hold and what it should hold of it.</summary>
/// <param name="TargetRevision">Null when the target is a checkpoint.</param>
/// <param name="DownloadUrl">A presigned GET of the target's file, relative to the server.</param>
public sealed record ResolvedItem(
    string ItemId,
    string PartNumber,
    string Category,
    string Description,
    string SubscriptionId,
    int? TargetRevision,
    bool IsCheckpoint,
    string? CheckpointId,
    string? CheckpointContext,
    string? CheckpointUser,
    string FileHash,
    long FileSize,
    string DownloadUrl);
