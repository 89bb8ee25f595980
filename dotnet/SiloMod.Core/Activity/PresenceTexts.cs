using SiloMod.Core.Host;

namespace SiloMod.Core.Activity;

/// <summary>Who edits what, in lines: the Activity pane's presence rows and the "Who Is Editing?" command.</summary>
public static class PresenceTexts
{
    public static IReadOnlyList<string> Details(IEnumerable<PresenceEntry> entries, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(entries);
        string[] lines = [.. entries.Select(p =>
            $"{Words.Or(p.User, "?")} is editing {Words.Or(p.ObjectId, "?")}" + (string.IsNullOrEmpty(p.ContextLevel) ? "" : $" ({p.ContextLevel})") + $" since {ClockText.Of(p.Since, zone)}")];
        return lines.Length > 0 ? lines : ["Nobody else is editing it now."];
    }

    /// <summary>The item's number, then one indented line per session; a sentence when the document is not tracked.</summary>
    public static string Text(string? partNumber, IEnumerable<PresenceEntry> entries, TimeZoneInfo zone) =>
        string.IsNullOrEmpty(partNumber)
            ? "The active document is not tracked by Silo."
            : string.Join("\n", [$"{partNumber}:", .. Details(entries, zone).Select(line => "  " + line)]);
}
