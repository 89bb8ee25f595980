using SiloMod.Core.Persistence;

namespace SiloMod.Core.Checkpoints;

/// <summary>The last checkpoint pushed per item, kept in one JSON file so "unchanged since the last push" holds across restarts.</summary>
internal sealed class PushedCheckpoints
{
    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly Dictionary<string, RecordedCheckpoint> _byPart;

    public PushedCheckpoints(string path)
    {
        _path = path;
        _byPart = File.Exists(path)
            ? new Dictionary<string, RecordedCheckpoint>(StateFiles.ReadJson<Dictionary<string, RecordedCheckpoint>>(path) ?? [], StringComparer.Ordinal)
            : new Dictionary<string, RecordedCheckpoint>(StringComparer.Ordinal);
    }

    public RecordedCheckpoint? Get(string partNumber)
    {
        lock (_gate) return _byPart.GetValueOrDefault(partNumber);
    }

    public void Record(string partNumber, string fileSha256, string context)
    {
        lock (_gate)
        {
            _byPart[partNumber] = new RecordedCheckpoint(partNumber, fileSha256, context, Pushed: true);
            StateFiles.WriteJson(_path, _byPart);
        }
    }
}
