namespace Silo.Client.Sync;

/// <summary>What a sync may do with the local copy of an item when the server offers a target version.</summary>
public enum LocalCopyVerdict
{
    /// <summary>No local file, or an untouched copy of an older version: download the target over it.</summary>
    Replace,

    /// <summary>The file already has the target's bytes: only the records lag behind.</summary>
    AlreadyThere,

    /// <summary>The file changed since it was written or pushed: it is never replaced silently.</summary>
    LocalChanges,

    /// <summary>An untouched copy of a newer version than the target: syncing must not step back.</summary>
    NewerThanTarget,
}

/// <summary>Bytes a local file may hold without anyone having edited them: a version written or pushed from here, or one the server holds.</summary>
/// <param name="Hash">The version's SHA-256.</param>
/// <param name="Version">Its place in the item's lineage; null when unknown.</param>
public sealed record KnownCopy(string Hash, long? Version);

/// <summary>
/// The one rule every sync (the workbench's and the silo command's) applies before writing a file:
/// a file moves forward only, and only from bytes known to be a version of the item.
/// </summary>
public static class LocalCopy
{
    /// <param name="localHash">The file's SHA-256 now; null when there is no file.</param>
    /// <param name="recordedHash">The hash recorded when the file was last written or pushed; null when it never was.</param>
    /// <param name="recordedVersion">The version recorded with it; null when unknown.</param>
    public static LocalCopyVerdict Decide(string? localHash, string? recordedHash, long? recordedVersion, string? targetHash, long? targetVersion) =>
        Decide(localHash, recordedHash is null ? [] : [new KnownCopy(recordedHash, recordedVersion)], targetHash, targetVersion);

    /// <param name="localHash">The file's SHA-256 now; null when there is no file.</param>
    /// <param name="untouched">
    /// Versions whose bytes mean "not edited": the one recorded when the file was last written or
    /// pushed, and any the server lists with the local bytes (records can lag the disk after a crash).
    /// </param>
    public static LocalCopyVerdict Decide(string? localHash, IEnumerable<KnownCopy> untouched, string? targetHash, long? targetVersion)
    {
        ArgumentNullException.ThrowIfNull(untouched);
        if (localHash is null) return LocalCopyVerdict.Replace;
        if (Same(localHash, targetHash)) return LocalCopyVerdict.AlreadyThere;
        var held = untouched.Where(k => Same(localHash, k.Hash)).ToList();
        if (held.Count == 0) return LocalCopyVerdict.LocalChanges;
        // The same bytes may be several versions (pushed twice); the newest is what the file must not step back from.
        var newest = held.Max(k => k.Version);
        return newest is { } version && targetVersion is { } target && target < version ? LocalCopyVerdict.NewerThanTarget : LocalCopyVerdict.Replace;
    }

    private static bool Same(string? a, string? b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
