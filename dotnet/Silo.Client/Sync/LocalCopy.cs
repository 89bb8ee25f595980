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

/// <summary>
/// The one rule every sync (the workbench's and the silo command's) applies before writing a file:
/// a file moves forward only, and only from bytes this workstation knows it wrote.
/// </summary>
public static class LocalCopy
{
    /// <param name="localHash">The file's SHA-256 now; null when there is no file.</param>
    /// <param name="recordedHash">The hash recorded when the file was last written or pushed; null when it never was.</param>
    /// <param name="recordedVersion">The version recorded with it; null when unknown.</param>
    public static LocalCopyVerdict Decide(string? localHash, string? recordedHash, long? recordedVersion, string? targetHash, long? targetVersion)
    {
        if (localHash is null) return LocalCopyVerdict.Replace;
        if (Same(localHash, targetHash)) return LocalCopyVerdict.AlreadyThere;
        if (!Same(localHash, recordedHash)) return LocalCopyVerdict.LocalChanges;
        return recordedVersion is { } held && targetVersion is { } target && target < held ? LocalCopyVerdict.NewerThanTarget : LocalCopyVerdict.Replace;
    }

    private static bool Same(string? a, string? b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
