using Silo.Protocol.Lineage;

namespace SiloMod.Core.Sync;

/// <summary>A subscribed item's file as this workstation last synced it.</summary>
/// <param name="ItemId">The server's item id (acks name items by id); null for a record carried over from a state file that did not keep it.</param>
/// <param name="FileHash">SHA-256 of the file as downloaded: a different hash on disk means the user changed it.</param>
/// <param name="Revision">The revision held; null for a checkpoint.</param>
/// <param name="CheckpointId">The checkpoint held, when <paramref name="IsCheckpoint"/>.</param>
/// <param name="Version">The held file's place in the item's lineage; null for a record from before lineage.</param>
public sealed record TrackedFile(
    string PartNumber, string? ItemId, string Path, string FileHash, int? Revision, string? CheckpointId, bool IsCheckpoint, DateTimeOffset SyncedAt,
    long? Version = null)
{
    /// <summary>The version held, as a push names its base.</summary>
    public VersionRef Base => new(FileHash, IsCheckpoint ? VersionKinds.Checkpoint : VersionKinds.Revision, IsCheckpoint ? CheckpointId : null, Version);
}
