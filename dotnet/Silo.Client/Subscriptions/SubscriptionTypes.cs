namespace Silo.Client.Subscriptions;

/// <summary>What a subscription's target names; the most specific covering subscription governs an item.</summary>
public static class SubscriptionTypes
{
    public const string Item = "item";
    public const string Project = "project";
    public const string Category = "category";
}
