namespace Silo.Client.Subscriptions;

/// <summary>What a workstation's subscriptions amount to, and why covered items with nothing to download have nothing.</summary>
/// <param name="CoveredItems">Items any subscription covers, paused ones included.</param>
/// <param name="ItemsWithTarget">Covered items with a revision or checkpoint to hold.</param>
public sealed record SubscriptionSummary(int Subscriptions, int Paused, int CoveredItems, int ItemsWithTarget, IReadOnlyList<WaitingItem> Waiting);

/// <summary>A covered item whose subscription has nothing to offer yet.</summary>
/// <param name="Reason">One of <see cref="WaitingReasons"/>.</param>
/// <param name="LatestRevision">The item's highest revision, null when it has none.</param>
public sealed record WaitingItem(string PartNumber, string SubscriptionId, string RevisionPolicy, int? PinnedRevision, string Reason, int? LatestRevision);

public static class WaitingReasons
{
    public const string NoRevision = "no_revision";
    public const string NotReleased = "not_released";
    public const string PinnedRevisionMissing = "pinned_revision_missing";
}
