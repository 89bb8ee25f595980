using Silo.Server.Lineage;

namespace Silo.Server.Revisions;

/// <param name="Base">The version the file was derived from (its bytes' SHA-256 at least); null only for an item's first push.</param>
/// <param name="Overwrite">Replace a head the file was not derived from; see <see cref="PushLineage"/>.</param>
public sealed record CreateRevisionRequest(string? FileHash, string? Comment, VersionRef? Base = null, bool? Overwrite = null)
{
    public PushLineage Lineage => new(Base, Overwrite ?? false);
}

public sealed record RevisionView(
    string Id,
    string PartNumber,
    int Revision,
    string FileHash,
    long FileSize,
    string Comment,
    string Status,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? ReleasedBy,
    DateTimeOffset? ReleasedAt,
    long? Version);

public static class RevisionStatus
{
    public const string Draft = "draft";
    public const string Released = "released";
}
