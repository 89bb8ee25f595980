using System.Globalization;
using SiloMod.Core.Persistence;
using SiloMod.Core.Signals;

namespace SiloMod.Core.Workbench;

/// <summary>Words what the start-up sweep removed, for the Activity pane.</summary>
internal static class LeftoversNotice
{
    public static LeftoversRemoved Describe(LeftoverFiles.Removed removed)
    {
        var others = removed.Paths.Count - removed.Downloads;
        var what = (removed.Downloads, others) switch
        {
            (> 0, > 0) => $"{Count(removed.Downloads, "unfinished download")} and {Count(others, "half-written file")}",
            (> 0, _) => Count(removed.Downloads, "unfinished download"),
            _ => Count(others, "half-written file"),
        };
        var folders = string.Join(", ", removed.Paths.Select(Path.GetDirectoryName).Distinct(StringComparer.Ordinal));
        return new LeftoversRemoved(removed.Paths.Count, removed.Downloads, removed.Bytes,
            $"Removed {what} ({Size(removed.Bytes)}) that SiloMod left when it last stopped without finishing them, in {folders}. " +
            "Nothing of yours was in them: unfinished downloads are fetched again.");
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB";
}
