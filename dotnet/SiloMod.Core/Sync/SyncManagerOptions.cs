namespace SiloMod.Core.Sync;

/// <param name="WorkstationId">This machine's registration (WorkstationIdentity.GetOrRegisterAsync).</param>
/// <param name="ProjectsDir">The root subscribed files are written under, as <c>{category}/{part_number}_{description}.FCStd</c>.</param>
public sealed record SyncManagerOptions(string WorkstationId, string ProjectsDir)
{
    /// <summary>A download that failed because the local disk is full or read-only is tried again after this long, until it fits.</summary>
    public TimeSpan DiskRetryDelay { get; init; } = TimeSpan.FromSeconds(10);
}
