namespace Silo.Cli.Workspace;

/// <summary>
/// What the local file of an item came from: the revision (or checkpoint) and the hash it had when
/// silo last wrote or committed it. A file hashing differently since has local changes.
/// </summary>
internal sealed record LocalItem(string Path, string Sha256, int? Revision, string? CheckpointId, DateTimeOffset RecordedAt);
