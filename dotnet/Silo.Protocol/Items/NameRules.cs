using System.Text.RegularExpressions;

namespace Silo.Protocol.Items;

/// <summary>
/// Part numbers, categories and projects become folder and file names on users' disks, so they
/// must be safe there on every OS: no separators, no "..", no control characters, no reserved
/// device names, bounded length. The limits are <c>rules.json</c>'s, which the Python workbench
/// reads too.
/// </summary>
public static class NameRules
{
    private static readonly NameRulesData Data = RulesData.Load().Names;

    public static int MaxPartNumber { get; } = Data.PartNumberMaxLength;
    public static int MaxSegment { get; } = Data.SegmentMaxLength;
    public const int MaxDescription = 500;

    /// <summary>Windows device names: a file whose name's stem is one of them cannot be created there.</summary>
    public static IReadOnlySet<string> ReservedDeviceNames { get; } = new HashSet<string>(Data.ReservedDeviceNames, StringComparer.OrdinalIgnoreCase);

    private static readonly Regex PartNumberPattern = WholeMatch(Data.PartNumberPattern);
    private static readonly Regex SegmentPattern = WholeMatch(Data.SegmentPattern);
    private static readonly Regex UsernamePattern = WholeMatch(Data.PartNumberPattern);

    /// <summary>
    /// Fit to look an item up by: 1 to <see cref="MaxPartNumber"/> characters, not blank. Lists of
    /// items to ask about take any such text and leave out the part numbers nobody has.
    /// </summary>
    public static bool IsLookupPartNumber(string? value) => !string.IsNullOrWhiteSpace(value) && value.Length <= MaxPartNumber;

    /// <returns>Why the value is refused, or null when it is acceptable.</returns>
    public static string? CheckPartNumber(string? value) =>
        CheckName("part_number", value, MaxPartNumber, PartNumberPattern, "letters, digits, '.', '_' and '-'");

    public static string? CheckSegment(string field, string? value) =>
        CheckName(field, value, MaxSegment, SegmentPattern, "letters, digits, spaces, '.', '_' and '-'");

    public static string? CheckUsername(string? value) =>
        CheckName("username", value, 64, UsernamePattern, "letters, digits, '.', '_' and '-'");

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
        if (Data.ForbiddenSubstrings.FirstOrDefault(s => value.Contains(s, StringComparison.Ordinal)) is { } part) return $"{field} must not contain '{part}'.";
        if (!pattern.IsMatch(value)) return $"{field} may only hold {allowed}, starting with a letter or digit.";
        if (Data.ForbiddenEndings.Any(e => value.EndsWith(e, StringComparison.Ordinal))) return $"{field} must not end with '.' or a space.";
        var stem = value.Split('.')[0].TrimEnd();
        if (ReservedDeviceNames.Contains(stem)) return $"{field} '{value}' is a reserved device name on Windows.";
        return null;
    }

    // ASCII-only character classes: the superscript device names (COM¹…) cannot match at all.
    private static Regex WholeMatch(string pattern) => new($"^(?:{pattern})$", RegexOptions.CultureInvariant);
}
