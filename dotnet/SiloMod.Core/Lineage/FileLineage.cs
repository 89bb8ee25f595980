using SiloMod.Core.Persistence;

namespace SiloMod.Core.Lineage;

/// <summary>
/// The base of every local file this workstation wrote or pushed, by full path, in one JSON file
/// written atomically after each change. Every push names the base recorded here, so the server
/// can refuse one built on an older version than its head.
/// </summary>
public sealed class FileLineage
{
    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, LocalBase> _byFile;

    public FileLineage(string path, TimeProvider? time = null)
    {
        _path = path;
        _time = time ?? TimeProvider.System;
        _byFile = new Dictionary<string, LocalBase>(
            File.Exists(path) ? StateFiles.ReadJson<Dictionary<string, LocalBase>>(path) ?? [] : [], PathComparer);
    }

    /// <summary>Paths compare as the file system does on the platforms SiloMod runs on.</summary>
    public static StringComparer PathComparer => StringComparer.Ordinal;

    /// <summary>Every file with a recorded base (full paths).</summary>
    public IReadOnlyList<string> Files()
    {
        lock (_gate) return [.. _byFile.Keys];
    }

    public LocalBase? Of(string filePath)
    {
        lock (_gate) return _byFile.GetValueOrDefault(Path.GetFullPath(filePath));
    }

    public void Record(string filePath, string partNumber, Silo.Protocol.Lineage.VersionRef version, bool downloaded)
    {
        lock (_gate)
        {
            _byFile[Path.GetFullPath(filePath)] = new LocalBase(partNumber, version, downloaded, _time.GetUtcNow());
            StateFiles.WriteJson(_path, _byFile);
        }
    }

    /// <summary>
    /// Records <paramref name="version"/> only while the file's base is still the bytes
    /// <paramref name="expectedHash"/>: a push accepted late must not take back a newer base the
    /// file has been given since (a later save on its way, or an update).
    /// </summary>
    public bool Advance(string filePath, string expectedHash, Silo.Protocol.Lineage.VersionRef version)
    {
        lock (_gate)
        {
            var key = Path.GetFullPath(filePath);
            if (!_byFile.TryGetValue(key, out var current) || !SameHash(current.Base.FileHash, expectedHash)) return false;
            _byFile[key] = current with { Base = version, RecordedAt = _time.GetUtcNow() };
            StateFiles.WriteJson(_path, _byFile);
            return true;
        }
    }

    public static bool SameHash(string? a, string? b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
