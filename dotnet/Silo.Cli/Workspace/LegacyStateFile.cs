using System.Text.Json;
using Silo.Cli.Output;
using SiloMod.Core.Sync;

namespace Silo.Cli.Workspace;

/// <summary>
/// <c>.silo/state.json</c>, where silo kept what it had written before it shared the workbench's
/// sync records. Its entries are carried into the sync state once, so no check-out loses the
/// version it was made from; the old file is then renamed, not deleted.
/// </summary>
internal static class LegacyStateFile
{
    public const string FileName = "state.json";

    public const string MigratedSuffix = ".migrated";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record OldState(Dictionary<string, OldItem>? Items);

    private sealed record OldItem(string Path, string Sha256, int? Revision, string? CheckpointId, DateTimeOffset RecordedAt, long? Version);

    /// <summary>Carries the old file's entries into <paramref name="state"/>, where it has none for the item yet.</summary>
    public static void MigrateInto(string folder, SyncStateStore state)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return;
        OldState? old;
        try
        {
            old = JsonSerializer.Deserialize<OldState>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.LocalFile, $"{path} is damaged ({e.Message}); move it away and run 'silo sync' to rebuild it", e);
        }
        foreach (var (partNumber, item) in old?.Items ?? [])
        {
            if (item is null || state.Get(partNumber) is not null) continue;
            state.Record(new TrackedFile(partNumber, null, System.IO.Path.GetFullPath(item.Path), item.Sha256, item.CheckpointId is null ? item.Revision : null,
                item.CheckpointId, item.CheckpointId is not null, item.RecordedAt, item.Version));
        }
        // Only once every entry is in the new state: a crash before this carries them over again, harmlessly.
        File.Move(path, path + MigratedSuffix, overwrite: true);
    }
}
