using Silo.Protocol.Lineage;

namespace Silo.Cli.Workspace;

/// <summary>
/// What the local file of an item came from: the version (revision or checkpoint) and the hash it
/// had when silo last wrote or committed it. A file hashing differently since has local changes;
/// a commit of it names this version as its base.
/// </summary>
/// <param name="Version">The place in the item's lineage; null for a record written before lineage.</param>
internal sealed record LocalItem(string Path, string Sha256, int? Revision, string? CheckpointId, DateTimeOffset RecordedAt, long? Version = null)
{
    public VersionRef Base => new(Sha256, CheckpointId is null ? VersionKinds.Revision : VersionKinds.Checkpoint, null, Version);

    public static LocalItem Of(string path, string sha256, ItemVersion version) =>
        new(path, sha256, version.Revision, version.Kind == VersionKinds.Checkpoint ? version.Id : null, DateTimeOffset.UtcNow, version.Version);
}
