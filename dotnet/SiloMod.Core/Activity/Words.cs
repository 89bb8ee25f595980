using System.Globalization;

namespace SiloMod.Core.Activity;

/// <summary>Small wording helpers the activity texts share.</summary>
internal static class Words
{
    private const int MaxSharedShown = 5;

    public static string Plural(int count, string one, string? many = null) =>
        $"{count} {(count == 1 ? one : many ?? one + "s")}";

    /// <summary>The file name of a path, or "the file" without one.</summary>
    public static string FileName(string? path) => string.IsNullOrEmpty(path) ? "the file" : System.IO.Path.GetFileName(path);

    /// <summary>The value, or <paramref name="fallback"/> when it is missing or empty.</summary>
    public static string Or(string? value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value;

    public static string Rev(int revision) => $"rev {revision}";

    /// <summary>At most five names, then how many more.</summary>
    public static string Shared(IReadOnlyList<string> nodes)
    {
        var shown = string.Join(", ", nodes.Take(MaxSharedShown));
        var rest = nodes.Count - MaxSharedShown;
        return rest > 0 ? $"{shown} and {rest} more" : shown;
    }

    public static string Size(long bytes)
    {
        var mb = bytes / (1024.0 * 1024.0);
        return mb >= 1 ? mb.ToString("0.0", CultureInfo.InvariantCulture) + " MB" : $"{bytes / 1024} KB";
    }
}
