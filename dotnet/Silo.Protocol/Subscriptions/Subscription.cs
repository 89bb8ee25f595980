namespace Silo.Protocol.Subscriptions;

/// <summary>What a workstation follows, and which state of it.</summary>
/// <param name="Type">One of <see cref="SubscriptionTypes"/>.</param>
/// <param name="RevisionPolicy">One of <see cref="RevisionPolicies"/>.</param>
public sealed record Subscription(
    string Id,
    string WorkstationId,
    string Type,
    string Target,
    string RevisionPolicy,
    int? PinnedRevision,
    bool Paused,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSyncAt);
