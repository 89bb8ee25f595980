namespace SiloMod.Core.Sync;

/// <summary>Where the disk and the sync state disagree.</summary>
/// <param name="Missing">Tracked files no longer on disk; the next sync downloads them again.</param>
/// <param name="Orphans">Files the state does not account for; reported, never deleted.</param>
public sealed record SyncAuditReport(IReadOnlyList<TrackedFile> Missing, IReadOnlyList<OrphanFile> Orphans)
{
    public bool Clean => Missing.Count == 0 && Orphans.Count == 0;
}

/// <param name="PartNumber">The tracked item, for <see cref="OrphanReasons.Modified"/>; null for an untracked file.</param>
/// <param name="Reason">One of <see cref="OrphanReasons"/>.</param>
public sealed record OrphanFile(string Path, string? PartNumber, string Reason);

public static class OrphanReasons
{
    /// <summary>Under the projects folder, laid out like a subscribed file, but not tracked.</summary>
    public const string Untracked = "untracked";

    /// <summary>Tracked, but its bytes changed since the sync (the user edited it).</summary>
    public const string Modified = "modified";
}
