using System.Globalization;
using Silo.Client.Files;

namespace SiloMod.Core.Lineage;

/// <summary>
/// Copies of a user's file kept beside the document when it cannot become the item's head, named
/// so a person sees at once what they are: <c>PRT-300 (conflict copy, bob, 2026-11-30 14-05).FCStd</c>.
/// </summary>
public static class ConflictCopies
{
    /// <summary>A free name beside <paramref name="documentPath"/>; a second copy in the same minute gets " 2", and so on.</summary>
    public static string NameFor(string documentPath, string userName, DateTimeOffset at)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(documentPath))!;
        var stem = Path.GetFileNameWithoutExtension(documentPath);
        var extension = Path.GetExtension(documentPath);
        var label = $"conflict copy, {Safe(userName)}, {at.ToLocalTime().ToString("yyyy-MM-dd HH-mm", CultureInfo.InvariantCulture)}";
        var candidate = Path.Combine(directory, $"{stem} ({label}){extension}");
        for (var n = 2; File.Exists(candidate); n++) candidate = Path.Combine(directory, $"{stem} ({label} {n}){extension}");
        return candidate;
    }

    /// <summary>Copies <paramref name="source"/> to a new conflict copy of <paramref name="documentPath"/>; it appears complete or not at all.</summary>
    /// <returns>The copy's path.</returns>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public static string Write(string source, string documentPath, string userName, DateTimeOffset at)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(documentPath))!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(documentPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.Copy(source, temp);
            using (var written = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite)) written.Flush(flushToDisk: true);
            while (true)
            {
                var target = NameFor(documentPath, userName, at);
                // Creating the name exclusively is what reserves it: a move "without overwrite" is a
                // look then a rename, and two copies written at once could both take one name.
                try
                {
                    using (new FileStream(target, FileMode.CreateNew, FileAccess.Write)) { }
                }
                catch (IOException) when (File.Exists(target))
                {
                    continue;
                }
                try
                {
                    File.Move(temp, target, overwrite: true);
                    DurableFiles.FlushDirectoryOf(target);
                    return target;
                }
                catch
                {
                    File.Delete(target);
                    throw;
                }
            }
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static string Safe(string name) =>
        new([.. name.Select(c => char.IsControl(c) || Path.GetInvalidFileNameChars().Contains(c) ? '_' : c)]);
}
