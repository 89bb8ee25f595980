using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SiloMod.Core.Signals;

namespace SiloMod.CoreHost;

/// <summary>One JSON object per line on standard output, written whole and flushed, whatever thread writes.</summary>
internal static class HostOutput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
    private static readonly Lock Gate = new();

    public static void Write(string kind, object? fields = null)
    {
        var line = fields is null ? new JsonObject() : JsonSerializer.SerializeToNode(fields, fields.GetType(), Json)!.AsObject();
        line["kind"] = kind;
        lock (Gate)
        {
            Console.Out.WriteLine(line.ToJsonString());
            Console.Out.Flush();
        }
    }

    public static void Signal(SiloModSignal signal) => Write(signal.Kind, signal);
}
