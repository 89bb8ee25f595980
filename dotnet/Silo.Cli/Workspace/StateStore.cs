using System.Text.Json;
using System.Text.Json.Serialization;
using Silo.Cli.Output;

namespace Silo.Cli.Workspace;

/// <summary>
/// <c>&lt;workspace&gt;/.silo/state.json</c>, written aside and renamed so a crash leaves the old state, never half of one.
/// </summary>
internal sealed class StateStore(string workspaceRoot)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    private readonly Lock _gate = new();

    public string Path { get; } = System.IO.Path.Combine(workspaceRoot, ".silo", "state.json");

    public async Task<WorkspaceState> LoadAsync(CancellationToken ct)
    {
        if (!File.Exists(Path)) return new WorkspaceState();
        try
        {
            await using var file = File.OpenRead(Path);
            var loaded = await JsonSerializer.DeserializeAsync<WorkspaceState>(file, Json, ct);
            // Keys must compare as part numbers do, whatever the deserializer built.
            return new WorkspaceState { Items = new(loaded?.Items ?? [], StringComparer.OrdinalIgnoreCase) };
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.LocalFile, $"{Path} is damaged ({e.Message}); move it away and run 'silo sync' to rebuild it", e);
        }
    }

    /// <summary>
    /// Records one item and saves, under a lock so concurrent downloads never lose each other's
    /// entries. Written synchronously: the file is small, and a lock cannot span an await.
    /// </summary>
    public void Record(WorkspaceState state, string partNumber, LocalItem item)
    {
        lock (_gate)
        {
            state.Record(partNumber, item);
            Save(state);
        }
    }

    private void Save(WorkspaceState state)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temp = Path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(file, state, Json);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, Path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
