namespace SiloMod.Core.Sync;

/// <summary>The files the host reports open, compared as full normalized paths.</summary>
public sealed class OpenFileSet
{
    /// <summary>Windows and macOS file systems ignore case by default; Linux does not.</summary>
    public static StringComparer PathComparer { get; } = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    private readonly Lock _gate = new();
    private HashSet<string> _open = new(PathComparer);

    public static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>Replaces the set.</summary>
    public void Replace(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var fresh = new HashSet<string>(paths.Where(p => !string.IsNullOrWhiteSpace(p)).Select(Normalize), PathComparer);
        lock (_gate) _open = fresh;
    }

    public bool IsOpen(string path)
    {
        var normalized = Normalize(path);
        lock (_gate) return _open.Contains(normalized);
    }
}
