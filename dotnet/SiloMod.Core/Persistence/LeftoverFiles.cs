using System.Text.RegularExpressions;

namespace SiloMod.Core.Persistence;

/// <summary>
/// Temp files a process killed mid-write leaves behind. Every file the core writes appears by a
/// rename from a temp beside it, named <c>.{name}.{32 hex digits}.part</c> (downloads) or
/// <c>.tmp</c> (state, copies); a download's temp may itself be downloaded through another such
/// temp. Only names of that exact shape are touched, and only in folders the core writes to: its
/// state folder, its projects folder, and beside documents it has written (by their own names).
/// </summary>
internal static partial class LeftoverFiles
{
    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.(part|tmp)$", RegexOptions.CultureInvariant)]
    private static partial Regex AnyTemp();

    /// <summary>Removes leftovers in <paramref name="folders"/> (not below) and beside each of <paramref name="documents"/>.</summary>
    /// <returns>What was removed; files that could not be removed are left and not counted.</returns>
    public static Removed Sweep(IEnumerable<string> folders, IEnumerable<string> documents)
    {
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(documents);
        var removed = new Removed();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
            Remove(folder, name => AnyTemp().IsMatch(name), removed, seen);
        foreach (var document in documents.Select(Path.GetFullPath))
        {
            var name = Path.GetFileName(document);
            var besideIt = new Regex(@"^\.{1,2}" + Regex.Escape(name) + @"(\.[0-9a-f]{32}\.(part|tmp))+$", RegexOptions.CultureInvariant);
            Remove(Path.GetDirectoryName(document)!, besideIt.IsMatch, removed, seen);
        }
        return removed;
    }

    /// <summary>
    /// The folders a sync writes into: its own state folders, the files folder and each category
    /// folder in it, and beside each document it has written.
    /// </summary>
    public static Removed SweepSyncFolders(IEnumerable<string> stateFolders, string filesFolder, IEnumerable<string> documents)
    {
        ArgumentNullException.ThrowIfNull(stateFolders);
        ArgumentException.ThrowIfNullOrEmpty(filesFolder);
        IEnumerable<string> files = Directory.Exists(filesFolder) ? [filesFolder, .. Directory.EnumerateDirectories(filesFolder)] : [];
        return Sweep([.. stateFolders, .. files], documents);
    }

    private static void Remove(string folder, Func<string, bool> isLeftover, Removed removed, HashSet<string> seen)
    {
        IEnumerable<string> files;
        try
        {
            if (!Directory.Exists(folder)) return;
            files = [.. Directory.EnumerateFiles(folder, ".*", SearchOption.TopDirectoryOnly)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var path in files)
        {
            if (!seen.Add(path) || !isLeftover(Path.GetFileName(path))) continue;
            try
            {
                var size = new FileInfo(path).Length;
                File.Delete(path);
                removed.Add(path, size);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held open or protected: not ours to force; the next start tries again.
            }
        }
    }

    public sealed class Removed
    {
        private readonly List<string> _paths = [];

        public IReadOnlyList<string> Paths => _paths;

        public int Downloads { get; private set; }

        public long Bytes { get; private set; }

        public void Add(string path, long size)
        {
            _paths.Add(path);
            Bytes += size;
            if (path.EndsWith(".part", StringComparison.Ordinal)) Downloads++;
        }
    }
}
