namespace SiloMod.Core.Settings;

/// <summary>The user's preferences, with the spec's keys; their defaults and limits are in defaults.json.</summary>
/// <param name="EditLockingEnabled">Off: entering a context asks the server nothing (solo work); leaving still pushes.</param>
/// <param name="PushOnContextClose">Off: leaving a context pushes no checkpoint; a held session is still released.</param>
/// <param name="SubscriptionAutoSync">Off: inbound changes wait for Sync Now.</param>
/// <param name="SubscriptionMaxDownloads">Concurrent downloads, within the file's limits (1–8).</param>
/// <param name="SubscriptionSyncOnConnect">Read the sync diff on every (re)connection.</param>
/// <param name="SubscriptionNotify">Announce synced files to the user.</param>
public sealed record SiloModSettings(
    bool EditLockingEnabled,
    bool PushOnContextClose,
    bool SubscriptionAutoSync,
    int SubscriptionMaxDownloads,
    bool SubscriptionSyncOnConnect,
    bool SubscriptionNotify)
{
    public static int MinDownloads => SettingsDefaults.Instance.Limits.SubscriptionMaxDownloads.Min;
    public static int MaxDownloads => SettingsDefaults.Instance.Limits.SubscriptionMaxDownloads.Max;

    public static SiloModSettings Default => SettingsDefaults.Instance.Settings;

    /// <exception cref="ArgumentOutOfRangeException">Downloads outside the limits.</exception>
    public SiloModSettings Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SubscriptionMaxDownloads, MinDownloads, nameof(SubscriptionMaxDownloads));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SubscriptionMaxDownloads, MaxDownloads, nameof(SubscriptionMaxDownloads));
        return this;
    }
}
