namespace Silo.Protocol.Subscriptions;

/// <summary>A covered item whose subscription has nothing to offer yet.</summary>
/// <param name="Reason">One of <see cref="WaitingReasons"/>.</param>
/// <param name="LatestRevision">The item's highest revision, null when it has none.</param>
public sealed record WaitingItem(string PartNumber, string SubscriptionId, string RevisionPolicy, int? PinnedRevision, string Reason, int? LatestRevision);
