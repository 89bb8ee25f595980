using System.Text.RegularExpressions;

namespace Silo.Server.Items;

/// <summary>
/// Part numbers, categories and projects become folder and file names on users' disks, so they
/// must be safe there on every OS: no separators, no "..", no control characters, no reserved
/// device names, bounded length.
/// </summary>
public static partial class NameRules
{
    public const int MaxPartNumber = 64;
    public const int MaxSegment = 64;
    public const int MaxDescription = 500;

    // Windows' documented list includes COM0 and LPT0; the superscript forms (COM¹…) are already
    // excluded by the ASCII-only patterns below.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex PartNumberPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 ._-]*$")]
    private static partial Regex SegmentPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex UsernamePattern();

    /// <returns>Why the value is refused, or null when it is acceptable.</returns>
    public static string? CheckPartNumber(string? value) =>
        CheckName("part_number", value, MaxPartNumber, PartNumberPattern(), "letters, digits, '.', '_' and '-'");

    public static string? CheckSegment(string field, string? value) =>
        CheckName(field, value, MaxSegment, SegmentPattern(), "letters, digits, spaces, '.', '_' and '-'");

    public static string? CheckUsername(string? value) =>
        CheckName("username", value, 64, UsernamePattern(), "letters, digits, '.', '_' and '-'");

    public static string? CheckDescription(string? value)
    {
        if (value is null) return "description is required.";
        if (value.Length > MaxDescription) return $"description is longer than {MaxDescription} characters.";
        if (value.Any(char.IsControl)) return "description must not contain control characters.";
        return null;
    }

    private static string? CheckName(string field, string? value, int max, Regex pattern, string allowed)
    {
        if (string.IsNullOrEmpty(value)) return $"{field} is required.";
        if (value.Length > max) return $"{field} is longer than {max} characters.";
        if (value.Any(char.IsControl)) return $"{field} must not contain control characters.";
        if (value.Contains('/') || value.Contains('\\')) return $"{field} must not contain path separators.";
        if (value.Contains("..", StringComparison.Ordinal)) return $"{field} must not contain '..'.";
        if (!pattern.IsMatch(value)) return $"{field} may only hold {allowed}, starting with a letter or digit.";
        if (value.EndsWith('.') || value.EndsWith(' ')) return $"{field} must not end with '.' or a space.";
        var stem = value.Split('.')[0].TrimEnd();
        if (Reserved.Contains(stem)) return $"{field} '{value}' is a reserved device name on Windows.";
        return null;
    }
}
