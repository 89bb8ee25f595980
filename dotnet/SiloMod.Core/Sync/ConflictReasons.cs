namespace SiloMod.Core.Sync;

/// <summary>The <see cref="Signals.FileConflict.ConflictType"/> values.</summary>
public static class ConflictReasons
{
    /// <summary>The local file changed since the last sync (or an untracked file differs from the server's).</summary>
    public const string LocalModified = "local_modified";
}
