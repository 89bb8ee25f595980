using Silo.Protocol.Subscriptions;

namespace Silo.Protocol.Events;

/// <summary><c>subscription.update</c>: one of the workstation's subscriptions was created, updated or deleted.</summary>
/// <param name="Action">created, updated or deleted.</param>
public sealed record SubscriptionChanged(string Action, Subscription Subscription) : SiloEventPayload;
