using System.Text.RegularExpressions;

namespace SiloMod.Core.Items;

/// <summary>
/// The server's rule for part numbers (they name folders, files and URL segments), checked here
/// first: a part number such as <c>..</c> must be refused in words before it reaches a URL, where
/// it would be resolved away and the server would answer about another address.
/// </summary>
public static partial class PartNumberRule
{
    public const int MaxLength = 64;

    /// <summary>How part numbers compare: the server keeps them unique regardless of case, so every record keyed by one does too.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex Pattern();

    /// <returns>Why <paramref name="partNumber"/> cannot be a part number, or null when it can.</returns>
    public static string? Problem(string? partNumber)
    {
        var pn = partNumber?.Trim() ?? "";
        if (pn.Length == 0) return "A part number is required.";
        if (pn.Length > MaxLength) return $"'{pn}' is longer than {MaxLength} characters.";
        if (pn.Any(char.IsControl) || pn.Contains('/') || pn.Contains('\\') || pn.Contains("..", StringComparison.Ordinal)
            || !Pattern().IsMatch(pn) || pn.EndsWith('.'))
            return $"'{pn}' is not a valid part number: use letters, digits, '.', '_' and '-', starting with a letter or digit (no '..', no slashes).";
        return null;
    }
}
