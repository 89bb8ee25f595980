using SiloMod.Core.Items;
using SiloMod.Core.Persistence;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace SiloMod.Core.Sync;

/// <summary>
/// The local sync state (what was synced, the last event id, skipped targets), kept in memory and
/// written to one JSON file after every change: a temp file beside it, then renamed over it, so a
/// crash leaves either the old file or the new one, never half of one.
/// </summary>
public sealed class SyncStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TrackedFile> _files;
    private readonly Dictionary<string, string> _skipped;
    private long? _lastEventId;

    private SyncStateStore(string path, SyncStateDocument document)
    {
        FilePath = path;
        // Keys written by a build that compared part numbers exactly may differ only in case: the latest record of an item wins.
        _files = new Dictionary<string, TrackedFile>(PartNumberRule.Comparer);
        foreach (var file in document.Files.Values.OrderBy(f => f.SyncedAt)) _files[file.PartNumber] = file;
        _skipped = new Dictionary<string, string>(PartNumberRule.Comparer);
        foreach (var (partNumber, hash) in document.SkippedTargets) _skipped[partNumber] = hash;
        _lastEventId = document.LastEventId;
    }

    public string FilePath { get; }

    /// <summary>Reads the state file, or starts empty when there is none.</summary>
    /// <exception cref="SyncStateCorruptException">The file exists but is not a sync state; it is left as it is for the user to inspect.</exception>
    public static SyncStateStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) return new SyncStateStore(path, SyncStateDocument.Empty);
        SyncStateDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<SyncStateDocument>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new SyncStateCorruptException($"The sync state file {path} is not valid JSON ({e.Message}). Move it aside to start from an empty state; the next sync downloads what is missing.", e);
        }
        if (document?.Files is null || document.SkippedTargets is null)
            throw new SyncStateCorruptException($"The sync state file {path} lacks its files or skipped_targets. Move it aside to start from an empty state.");
        if (document.Version != SyncStateDocument.CurrentVersion)
            throw new SyncStateCorruptException($"The sync state file {path} has version {document.Version}; this build reads version {SyncStateDocument.CurrentVersion}.");
        return new SyncStateStore(path, document);
    }

    public long? LastEventId
    {
        get
        {
            lock (_gate) return _lastEventId;
        }
    }

    public TrackedFile? Get(string partNumber)
    {
        lock (_gate) return _files.GetValueOrDefault(partNumber);
    }

    public IReadOnlyList<TrackedFile> All()
    {
        lock (_gate) return [.. _files.Values.OrderBy(f => f.PartNumber, PartNumberRule.Comparer)];
    }

    /// <summary>The server hash the user skipped for the item, or null.</summary>
    public string? SkippedTarget(string partNumber)
    {
        lock (_gate) return _skipped.GetValueOrDefault(partNumber);
    }

    /// <summary>Records a synced file; a skip of an older version no longer applies.</summary>
    public void Record(TrackedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        lock (_gate)
        {
            _files[file.PartNumber] = file;
            _skipped.Remove(file.PartNumber);
            Save();
        }
    }

    /// <returns>The entry no longer tracked, or null.</returns>
    public TrackedFile? Untrack(string partNumber)
    {
        lock (_gate)
        {
            if (!_files.Remove(partNumber, out var removed) & !_skipped.Remove(partNumber)) return null;
            Save();
            return removed;
        }
    }

    public void Skip(string partNumber, string targetHash)
    {
        lock (_gate)
        {
            _skipped[partNumber] = targetHash;
            Save();
        }
    }

    public void SetLastEventId(long id)
    {
        lock (_gate)
        {
            // The stream only moves forward; a late write of an older id must not rewind a restart.
            if (_lastEventId >= id) return;
            _lastEventId = id;
            Save();
        }
    }

    private void Save()
    {
        var document = new SyncStateDocument(
            new SortedDictionary<string, TrackedFile>(_files, PartNumberRule.Comparer),
            _lastEventId,
            new SortedDictionary<string, string>(_skipped, PartNumberRule.Comparer));
        StateFiles.WriteJson(FilePath, document, Json);
    }
}
