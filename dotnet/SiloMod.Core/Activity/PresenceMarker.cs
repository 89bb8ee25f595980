using SiloMod.Core.Host;

namespace SiloMod.Core.Activity;

/// <summary>
/// How close others are to a conflict with an item, as one short mark: 🟢 someone works in it (a
/// body or assembly is active), 🟡 someone edits one of its features (entering that feature would
/// be blocked), 🔒 it is checked out. Each mark names the people behind it.
/// </summary>
public static class PresenceMarker
{
    public const string InItem = "🟢";
    public const string EditingFeature = "🟡";
    public const string CheckedOut = "🔒";

    private static readonly HashSet<string> FeatureLevels = new(["sketch", "sketcher"], StringComparer.OrdinalIgnoreCase);

    /// <summary>"🟢 (alice)", "🟡 (bob, carol)", "🔒 (dave)", both, or "" when nobody is there.</summary>
    public static string Of(ItemSummary item, IReadOnlyList<PresenceEntry> sessions)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(sessions);
        var marks = new List<string>(2);
        if (sessions.Count > 0)
        {
            var users = sessions.Select(s => s.User).Where(u => !string.IsNullOrEmpty(u)).Distinct(StringComparer.Ordinal);
            marks.Add($"{Dot(sessions)} ({string.Join(", ", users)})");
        }
        if (!string.IsNullOrEmpty(item.LockedBy)) marks.Add($"{CheckedOut} ({item.LockedBy})");
        return string.Join("  ", marks);
    }

    private static string Dot(IEnumerable<PresenceEntry> sessions) =>
        sessions.Any(s => FeatureLevels.Contains(s.ContextLevel ?? "")) ? EditingFeature : InItem;
}
