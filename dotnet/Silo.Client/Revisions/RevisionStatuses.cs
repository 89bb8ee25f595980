namespace Silo.Client.Revisions;

public static class RevisionStatuses
{
    public const string Draft = "draft";
    public const string Released = "released";
}
