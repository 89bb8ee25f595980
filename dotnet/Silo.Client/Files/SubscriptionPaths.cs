using System.Text;
using System.Text.RegularExpressions;
using Silo.Protocol.Items;

namespace Silo.Client.Files;

/// <summary>Where a subscribed item's file lives on the workstation's disk.</summary>
public static partial class SubscriptionPaths
{
    /// <summary>Leaves room under the 255-byte file-name limit of common file systems for the part number and extension.</summary>
    private const int MaxDescriptionLength = 80;

    private const int MaxSegmentLength = 64;

    [GeneratedRegex(@"^\.[A-Za-z0-9]{1,15}$")]
    private static partial Regex ExtensionPattern();

    /// <summary>
    /// <c>{projectsDir}/{category}/{partNumber}_{description}{extension}</c>. The description is
    /// free text and is made safe (separators, reserved and control characters become <c>_</c>,
    /// length capped, trailing dots and spaces dropped); category and part number name folders and
    /// files and must already be safe, since silently renaming them could merge two items into one path.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A category or part number that is empty, <c>.</c>/<c>..</c>, contains a separator, a reserved or
    /// control character, is a Windows device name or over 64 characters; an extension not like
    /// <c>.FCStd</c>; or any result that would not lie inside <paramref name="projectsDir"/>.
    /// </exception>
    public static string SubscriptionFilePath(string projectsDir, string category, string partNumber, string description, string extension = ".FCStd")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectsDir);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(extension);
        RequireSafeSegment(category, nameof(category));
        RequireSafeSegment(partNumber, nameof(partNumber));
        if (!ExtensionPattern().IsMatch(extension))
            throw new ArgumentException($"The extension '{extension}' must be a dot followed by 1-15 letters or digits.", nameof(extension));

        var desc = SanitizeDescription(description);
        var fileName = desc.Length == 0 ? partNumber + extension : $"{partNumber}_{desc}{extension}";
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectsDir));
        var path = Path.GetFullPath(Path.Combine(root, category, fileName));

        // Belt and braces: the segment rules should make this impossible, but the promise is the containment itself.
        var expectedDir = Path.Combine(root, category) + Path.DirectorySeparatorChar;
        if (!path.StartsWith(expectedDir, StringComparison.Ordinal) || Path.GetFileName(path) != fileName)
            throw new ArgumentException($"The path for {partNumber} would leave {root}.", nameof(partNumber));
        return path;
    }

    /// <summary>The description as it appears in file names; empty when nothing usable is left.</summary>
    public static string SanitizeDescription(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var builder = new StringBuilder(Math.Min(description.Length, MaxDescriptionLength));
        foreach (var rune in description.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (builder.Length + rune.Utf16SequenceLength > MaxDescriptionLength) break;
            var unsafeChar = Rune.IsControl(rune) || (Rune.IsWhiteSpace(rune) && rune.Value != ' ') || IsReserved(rune);
            var text = unsafeChar ? "_" : rune.ToString();
            // Collapse runs of replacements so "a // b" does not turn into a row of underscores.
            if (text == "_" && builder.Length > 0 && builder[^1] == '_') continue;
            builder.Append(text);
        }
        // Windows drops trailing dots and spaces, which would make two descriptions share a file.
        return builder.ToString().Trim().TrimEnd('.', ' ', '_').TrimStart('_');
    }

    private static void RequireSafeSegment(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        var problem =
            value.Length == 0 ? "is empty"
            : value.Length > MaxSegmentLength ? $"is longer than {MaxSegmentLength} characters"
            : value is "." or ".." ? "is a relative path"
            : value.EnumerateRunes().Any(r => Rune.IsControl(r) || IsReserved(r)) ? "contains a path separator, a reserved or a control character"
            : value != value.Trim() || value.EndsWith('.') ? "starts or ends with a space, or ends with a dot"
            : NameRules.ReservedDeviceNames.Contains(value.Split('.')[0].TrimEnd()) ? "is a Windows device name"
            : null;
        if (problem is not null) throw new ArgumentException($"The {name} '{Printable(value)}' {problem}; it cannot name a file or folder.", name);
    }

    private static bool IsReserved(Rune rune) => rune.Value is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' or 0x7F;

    private static string Printable(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
