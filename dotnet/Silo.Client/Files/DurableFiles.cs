using System.Runtime.InteropServices;

namespace Silo.Client.Files;

/// <summary>
/// Renames that survive a power cut. Writing a temp file and renaming it over the target protects
/// against a crash of the process, but not of the machine: the rename may reach the disk before
/// the file's bytes, leaving a named empty file, and the rename itself lives in the folder, which
/// has its own buffers. Callers flush the temp file's bytes first; these flush the folder after.
/// </summary>
public static partial class DurableFiles
{
    /// <summary>Moves <paramref name="source"/> over <paramref name="destination"/> and makes the rename durable.</summary>
    /// <remarks>The source's bytes must already be on disk (<see cref="FileStream.Flush(bool)"/> with true).</remarks>
    public static void Replace(string source, string destination)
    {
        File.Move(source, destination, overwrite: true);
        FlushDirectoryOf(destination);
    }

    /// <summary>Flushes the folder holding <paramref name="path"/>, so names created, renamed or removed in it are on disk.</summary>
    public static void FlushDirectoryOf(string path) => FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

    /// <summary>
    /// fsync of the folder itself. Windows has no such call (NTFS journals renames), so there it does nothing.
    /// </summary>
    /// <exception cref="IOException">The folder could not be opened or flushed.</exception>
    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        // .NET refuses to open a folder as a file, so the C library does it: read-only is enough to fsync.
        var fd = Open(directory, 0);
        if (fd < 0) throw new IOException($"Cannot open the folder {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (FSync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                // Some file systems cannot flush a folder (EINVAL): nothing more can be done there, and the data is no less safe than before.
                if (errno != EInval) throw new IOException($"Flushing the folder {directory} failed (errno {errno}).", errno);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private const int EInval = 22;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
