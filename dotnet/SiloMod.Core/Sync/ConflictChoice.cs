namespace SiloMod.Core.Sync;

/// <summary>The user's answer to a <see cref="Signals.FileConflict"/>.</summary>
public enum ConflictChoice
{
    /// <summary>Replace the local file with the server's; the local changes are lost.</summary>
    Overwrite,

    /// <summary>Keep the local file; this server version is not downloaded (a newer one asks again).</summary>
    Skip,
}
