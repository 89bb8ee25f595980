namespace Silo.Protocol.Subscriptions;

/// <summary>Which state of an item a subscription delivers.</summary>
public static class RevisionPolicies
{
    /// <summary>The highest released revision; drafts are ignored.</summary>
    public const string LatestReleased = "latest_released";

    /// <summary>The newest of the latest revision (any status) and other users' latest notifying checkpoint.</summary>
    public const string Latest = "latest";

    /// <summary>Exactly <c>pinned_revision</c>.</summary>
    public const string Pinned = "pinned";

    public static IReadOnlyList<string> All { get; } = [LatestReleased, Latest, Pinned];
}
