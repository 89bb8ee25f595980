namespace Silo.Protocol.Workstations;

/// <summary>
/// The whole set of items a workstation has open (its documents, and items it was refused entry
/// on), replacing the set it reported before. With its subscriptions, it decides which
/// edit-session events reach the workstation's stream.
/// </summary>
public sealed record WatchItemsRequest(IReadOnlyList<string>? PartNumbers)
{
    /// <summary>More than a workstation can have open; a larger set is refused.</summary>
    public const int MaxItems = 10_000;
}
