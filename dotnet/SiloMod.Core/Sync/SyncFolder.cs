using SiloMod.Core.Persistence;

namespace SiloMod.Core.Sync;

/// <summary>
/// A sync folder in use by one silo command: its records, and the folder's lock for as long as the
/// command runs. Only the holder of the lock clears the temp files killed runs left behind, so a
/// second command on the same workspace never takes the first one's downloads for leftovers.
/// </summary>
public sealed class SyncFolder : IDisposable
{
    private readonly IDisposable? _lock;

    private SyncFolder(IDisposable? folderLock, SyncRecords records, int leftoversRemoved)
    {
        _lock = folderLock;
        Records = records;
        LeftoversRemoved = leftoversRemoved;
    }

    public SyncRecords Records { get; }

    /// <summary>How many temp files of killed runs were removed on opening.</summary>
    public int LeftoversRemoved { get; }

    /// <param name="folder">Where the records live (a workspace's <c>.silo</c>).</param>
    /// <param name="filesFolder">Where the synced files live (the workspace itself).</param>
    /// <exception cref="SyncStateCorruptException">The sync state file cannot be read; nothing was changed.</exception>
    public static SyncFolder Open(string folder, string filesFolder, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        // No folder, no records: no sync ever wrote here, so there is nothing to clear either.
        var folderLock = Directory.Exists(folder) ? StateFolderLock.TryAcquire(folder) : null;
        try
        {
            var records = SyncRecords.Open(folder, time);
            var removed = folderLock is null ? 0 : LeftoverFiles.SweepSyncFolders([folder], filesFolder, records.Lineage.Files()).Paths.Count;
            return new SyncFolder(folderLock, records, removed);
        }
        catch
        {
            folderLock?.Dispose();
            throw;
        }
    }

    public void Dispose() => _lock?.Dispose();
}
