namespace SiloMod.Core.Sync;

/// <summary>The sync state file's content.</summary>
/// <param name="Files">By part number.</param>
/// <param name="LastEventId">The last event seen, so a restart resumes the stream after it.</param>
/// <param name="SkippedTargets">Part number → the server file hash the user chose to Skip; the same version does not ask again.</param>
public sealed record SyncStateDocument(
    IReadOnlyDictionary<string, TrackedFile> Files, long? LastEventId, IReadOnlyDictionary<string, string> SkippedTargets)
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public static SyncStateDocument Empty { get; } = new(new Dictionary<string, TrackedFile>(), null, new Dictionary<string, string>());
}
