namespace SiloMod.Core.Host;

/// <summary>An item as the Subscribe dialog and the lock commands show it.</summary>
/// <param name="LockedBy">The user holding the item's check-out lock; null when unlocked.</param>
public sealed record ItemSummary(string PartNumber, string Description, string Category, string Project, string? LockedBy, DateTimeOffset? LockedSince)
{
    public static ItemSummary Of(Silo.Protocol.Items.Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.PartNumber, item.Description, item.Category, item.Project, item.Lock?.LockedBy, item.Lock?.LockedAt);
    }
}
