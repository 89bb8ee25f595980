using System.Text.Json;
using Silo.Client.Files;

namespace SiloMod.Core.Persistence;

/// <summary>JSON state written so that a crash leaves the old file or the new one, never a part.</summary>
internal static class StateFiles
{
    public const string TempSuffix = ".tmp";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void WriteJson<T>(string path, T value, JsonSerializerOptions? options = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // A unique temp name: two writers never share a half-written file; a crash leaves only a stray temp.
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, value, options ?? Json);
                // On disk before the rename makes it visible: a power cut must not leave a named empty file.
                stream.Flush(flushToDisk: true);
            }
            DurableFiles.Replace(temp, path);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static T? ReadJson<T>(string path, JsonSerializerOptions? options = null)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<T>(stream, options ?? Json);
    }
}
