namespace SiloMod.Core.Settings;

/// <summary>The user's preferences, with the spec's keys and defaults.</summary>
/// <param name="EditLockingEnabled">Off: entering a context asks the server nothing (solo work); leaving still pushes.</param>
/// <param name="PushOnContextClose">Off: leaving a context pushes no checkpoint; a held session is still released.</param>
/// <param name="SubscriptionAutoSync">Off: inbound changes wait for Sync Now.</param>
/// <param name="SubscriptionMaxDownloads">Concurrent downloads, 1–8.</param>
/// <param name="SubscriptionSyncOnConnect">Read the sync diff on every (re)connection.</param>
/// <param name="SubscriptionNotify">Announce synced files to the user.</param>
public sealed record SiloModSettings(
    bool EditLockingEnabled = true,
    bool PushOnContextClose = true,
    bool SubscriptionAutoSync = true,
    int SubscriptionMaxDownloads = 2,
    bool SubscriptionSyncOnConnect = true,
    bool SubscriptionNotify = true)
{
    public const int MinDownloads = 1;
    public const int MaxDownloads = 8;

    public static SiloModSettings Default { get; } = new();

    /// <exception cref="ArgumentOutOfRangeException">Downloads outside 1–8.</exception>
    public SiloModSettings Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SubscriptionMaxDownloads, MinDownloads, nameof(SubscriptionMaxDownloads));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SubscriptionMaxDownloads, MaxDownloads, nameof(SubscriptionMaxDownloads));
        return this;
    }
}
