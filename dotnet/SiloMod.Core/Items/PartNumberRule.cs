namespace SiloMod.Core.Items;

/// <summary>
/// The server's rule for part numbers (<see cref="NameRules"/>: they name folders, files and URL
/// segments), checked here first: a part number such as <c>..</c> must be refused in words before
/// it reaches a URL, where it would be resolved away and the server would answer about another address.
/// </summary>
public static class PartNumberRule
{
    public static int MaxLength => NameRules.MaxPartNumber;

    /// <summary>How part numbers compare: the server keeps them unique regardless of case, so every record keyed by one does too.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <returns>Why <paramref name="partNumber"/> cannot be a part number, or null when it can.</returns>
    public static string? Problem(string? partNumber)
    {
        var pn = partNumber?.Trim() ?? "";
        if (pn.Length == 0) return "A part number is required.";
        if (pn.Length > MaxLength) return $"'{pn}' is longer than {MaxLength} characters.";
        if (NameRules.CheckPartNumber(pn) is not null)
            return $"'{pn}' is not a valid part number: use letters, digits, '.', '_' and '-', starting with a letter or digit (no '..', no slashes).";
        return null;
    }
}
