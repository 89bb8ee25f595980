using SiloMod.Core.Host;

namespace SiloMod.Core.Activity;

/// <summary>
/// One entry of the Subscribe dialog's list: <paramref name="Target"/> is what subscribing to it
/// names (a part number, a project or a category), <paramref name="Columns"/> what the row shows.
/// </summary>
public sealed record SearchRow(string Target, IReadOnlyList<string> Columns)
{
    /// <summary>
    /// The rows of a search for one subscription type: "item" lists the items with who is in them,
    /// "project" and "category" list the distinct ones among the items found, sorted, with a count.
    /// </summary>
    public static IReadOnlyList<SearchRow> For(string kind, IEnumerable<ItemSummary> items, IEnumerable<PresenceEntry> presence)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(presence);
        if (kind == "item")
        {
            var byItem = presence.ToLookup(p => p.PartNumber, StringComparer.Ordinal);
            return [.. items.Select(i => new SearchRow(i.PartNumber, [i.PartNumber, i.Description ?? "", PresenceMarker.Of(i, [.. byItem[i.PartNumber]])]))];
        }
        Func<ItemSummary, string?> group = kind switch
        {
            "project" => i => i.Project,
            "category" => i => i.Category,
            _ => throw new ArgumentException($"'{kind}' is not a subscription type: item, project or category.", nameof(kind)),
        };
        return [.. items.Select(group).Where(g => !string.IsNullOrEmpty(g)).GroupBy(g => g!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SearchRow(g.Key, [g.Key, Words.Plural(g.Count(), "matching item"), ""]))];
    }
}
