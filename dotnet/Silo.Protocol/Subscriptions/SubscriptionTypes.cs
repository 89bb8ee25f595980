namespace Silo.Protocol.Subscriptions;

/// <summary>What a subscription's target names; the most specific covering subscription governs an item.</summary>
public static class SubscriptionTypes
{
    public const string Item = "item";
    public const string Project = "project";
    public const string Category = "category";

    public static IReadOnlyList<string> All { get; } = [Item, Project, Category];

    /// <summary>When several subscriptions of a workstation cover an item, the higher one governs.</summary>
    public static int Specificity(string type) => type switch
    {
        Item => 3,
        Project => 2,
        _ => 1,
    };
}
