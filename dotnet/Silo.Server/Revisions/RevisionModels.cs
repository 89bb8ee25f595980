namespace Silo.Server.Revisions;

public sealed record CreateRevisionRequest(string? FileHash, string? Comment);

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
    DateTimeOffset? ReleasedAt);

public static class RevisionStatus
{
    public const string Draft = "draft";
    public const string Released = "released";
}
