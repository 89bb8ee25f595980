namespace Silo.Client.Revisions;

internal sealed record CreateRevisionRequest(string FileHash, string? Comment, Lineage.VersionRef? Base, bool? Overwrite);
