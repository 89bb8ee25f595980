namespace Silo.Protocol.Revisions;

public static class RevisionStatuses
{
    public const string Draft = "draft";
    public const string Released = "released";
}
