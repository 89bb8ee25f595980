namespace Silo.Client.Workstations;

/// <summary>Keeps the workstation id in one small text file.</summary>
public sealed class FileWorkstationIdStore(string path) : IWorkstationIdStore
{
    public async ValueTask<string?> GetAsync(CancellationToken ct = default)
    {
        if (!File.Exists(path)) return null;
        var text = (await File.ReadAllTextAsync(path, ct).ConfigureAwait(false)).Trim();
        return text.Length == 0 ? null : text;
    }

    public async ValueTask SetAsync(string workstationId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workstationId);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Written aside and renamed, so a crash never leaves an empty id that would register a second workstation.
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, workstationId, ct).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}
