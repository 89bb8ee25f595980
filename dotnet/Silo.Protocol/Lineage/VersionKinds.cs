namespace Silo.Protocol.Lineage;

/// <summary>What a version of an item is.</summary>
public static class VersionKinds
{
    public const string Revision = "revision";
    public const string Checkpoint = "checkpoint";

    public static IReadOnlyList<string> All { get; } = [Revision, Checkpoint];
}
