namespace Silo.Protocol.Subscriptions;

/// <summary>A change to a subscription; null fields keep their value.</summary>
/// <param name="PinnedRevision">Only with <see cref="RevisionPolicies.Pinned"/>; changing to another policy clears it.</param>
public sealed record SubscriptionUpdate(string? RevisionPolicy = null, int? PinnedRevision = null, bool? Paused = null);
