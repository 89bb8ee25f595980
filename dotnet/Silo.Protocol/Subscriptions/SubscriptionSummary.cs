namespace Silo.Protocol.Subscriptions;

/// <summary>What a workstation's subscriptions amount to, and why covered items with nothing to download have nothing.</summary>
/// <param name="CoveredItems">Items any subscription covers, paused ones included.</param>
/// <param name="ItemsWithTarget">Covered items with a revision or checkpoint to hold.</param>
public sealed record SubscriptionSummary(int Subscriptions, int Paused, int CoveredItems, int ItemsWithTarget, IReadOnlyList<WaitingItem> Waiting);
