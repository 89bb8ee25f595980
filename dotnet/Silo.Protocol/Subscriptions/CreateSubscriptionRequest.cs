namespace Silo.Protocol.Subscriptions;

/// <param name="Type">One of <see cref="SubscriptionTypes"/>.</param>
/// <param name="RevisionPolicy">One of <see cref="RevisionPolicies"/>; <paramref name="PinnedRevision"/> goes with <see cref="RevisionPolicies.Pinned"/> only.</param>
public sealed record CreateSubscriptionRequest(string? Type, string? Target, string? RevisionPolicy, int? PinnedRevision);
