using System.Text;

namespace SiloMod.Core.Items;

/// <summary>The item Track Document offers to create, filled from the document; the user may change every field.</summary>
public sealed record ItemProposal(string PartNumber, string Category, string Project, string Description)
{
    public const string DefaultCategory = "Parts";
    public const string DefaultProject = "General";
    private const int MaxSegment = 64;
    private const int MaxDescription = 500;

    /// <summary>
    /// Category and project from the document's metadata, else the folder the file is saved in as
    /// the project; the description from the metadata, the Comment, the label or the file name.
    /// Values that could not name a folder are made safe (the server would refuse them).
    /// </summary>
    public static ItemProposal From(string partNumber, DocumentFacts document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var meta = document.Meta ?? new Dictionary<string, string>();
        var folder = document.FilePath is { Length: > 0 } path ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) : null;
        var stem = document.FilePath is { Length: > 0 } file ? Path.GetFileNameWithoutExtension(file) : null;
        return new ItemProposal(
            partNumber.Trim(),
            Segment(meta.GetValueOrDefault("SiloCategory")) ?? DefaultCategory,
            Segment(meta.GetValueOrDefault("SiloProject")) ?? Segment(folder) ?? DefaultProject,
            CleanDescription(FirstText(meta.GetValueOrDefault("SiloDescription"), document.Comment, document.Label, stem) ?? partNumber.Trim()));
    }

    private static string? FirstText(params string?[] candidates) => candidates.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))?.Trim();

    /// <summary>Letters, digits, spaces, '.', '_' and '-', starting with a letter or digit; anything else becomes '-'.</summary>
    private static string? Segment(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = new StringBuilder();
        foreach (var c in value.Trim()) text.Append(char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or '-' ? c : '-');
        var safe = text.ToString().Replace("..", ".", StringComparison.Ordinal).TrimStart(' ', '.', '_', '-');
        if (safe.Length > MaxSegment) safe = safe[..MaxSegment];
        safe = safe.TrimEnd(' ', '.');
        return safe.Length == 0 ? null : safe;
    }

    private static string CleanDescription(string value)
    {
        var text = new string([.. value.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return text.Length > MaxDescription ? text[..MaxDescription] : text;
    }
}
