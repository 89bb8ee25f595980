using System.Text.Json;

namespace SiloMod.Core.Checkpoints;

/// <summary>JSON state written so that a crash leaves the old file or the new one, never a part.</summary>
internal static class StateFiles
{
    public const string TempSuffix = ".tmp";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void WriteJson<T>(string path, T value)
    {
        var temp = path + TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, value, Json);
            // On disk before the rename makes it visible: a power cut must not leave a named empty file.
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static T? ReadJson<T>(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<T>(stream, Json);
    }
}
