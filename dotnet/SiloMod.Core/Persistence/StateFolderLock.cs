namespace SiloMod.Core.Persistence;

/// <summary>
/// An exclusive lock on a state folder for as long as a core uses it. Two cores on one folder (two
/// FreeCAD windows of the same user) are possible; only the one holding the lock may take the
/// temp files it finds for leftovers of a dead process, since the other's may be in use. The
/// operating system drops the lock with the process, however it ends.
/// </summary>
internal sealed class StateFolderLock : IDisposable
{
    private const string FileName = "core.lock";

    private readonly FileStream _file;

    private StateFolderLock(FileStream file) => _file = file;

    /// <returns>The lock, or null when another process (or another core in this one) holds it.</returns>
    public static StateFolderLock? TryAcquire(string stateDirectory)
    {
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix, a sharing lock on Windows.
            return new StateFolderLock(new FileStream(Path.Combine(stateDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
