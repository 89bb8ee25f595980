namespace SiloMod.Core.Sync;

/// <summary>The <see cref="Signals.FileConflict.ConflictType"/> values.</summary>
public static class ConflictReasons
{
    /// <summary>The local file changed since the last sync (or an untracked file differs from the server's).</summary>
    public const string LocalModified = "local_modified";

    /// <summary>The file is an untouched copy of a newer version than the one offered (a pinned or released revision, say): syncing never steps back unasked.</summary>
    public const string OlderVersion = "older_version";
}
