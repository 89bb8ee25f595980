namespace Silo.Server.Subscriptions;

/// <summary>
/// Decides, for one workstation, which of its subscriptions governs an item: the most specific
/// one that is not paused (item over project over category). Paused subscriptions still cover
/// their items, which keeps those items from becoming removals, but deliver nothing.
/// </summary>
internal sealed class SubscriptionMatcher
{
    private readonly Dictionary<string, SubscriptionStore.Row> _items = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SubscriptionStore.Row> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubscriptionStore.Row> _categories = new(StringComparer.Ordinal);

    public SubscriptionMatcher(IEnumerable<SubscriptionStore.Row> subscriptions)
    {
        foreach (var sub in subscriptions)
        {
            var map = sub.Type switch
            {
                SubscriptionTypes.Item => _items,
                SubscriptionTypes.Project => _projects,
                _ => _categories,
            };
            map[sub.Target] = sub;
        }
    }

    public readonly record struct Match(bool Covered, SubscriptionStore.Row? Governing);

    public Match For(string partNumber, string project, string category)
    {
        SubscriptionStore.Row?[] candidates =
        [
            _items.GetValueOrDefault(partNumber),
            _projects.GetValueOrDefault(project),
            _categories.GetValueOrDefault(category),
        ];
        var covered = false;
        foreach (var sub in candidates)
        {
            if (sub is null) continue;
            covered = true;
            if (!sub.IsPaused) return new Match(true, sub);
        }
        return new Match(covered, null);
    }
}
