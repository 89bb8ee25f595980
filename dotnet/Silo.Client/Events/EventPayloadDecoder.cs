using System.Text.Json;
using Silo.Client.Http;

namespace Silo.Client.Events;

internal static class EventPayloadDecoder
{
    /// <summary>
    /// One event's envelope (an SSE <c>data:</c> line, or an entry of the history), its payload
    /// decoded here, once, so a payload the client cannot read fails like any bad event.
    /// </summary>
    /// <exception cref="JsonException">The envelope or the data does not fit its record.</exception>
    public static SiloEvent? ReadEvent(string json) =>
        JsonSerializer.Deserialize<SiloEvent>(json, SiloClientJson.Options) is { } parsed
            ? parsed with { Payload = Decode(parsed.Type, parsed.Data) }
            : null;

    /// <returns>Null for a type without a record (a newer server's).</returns>
    /// <exception cref="JsonException">The data does not fit the type's record.</exception>
    public static SiloEventPayload? Decode(string type, JsonElement data) =>
        EventPayloads.For(type) is { } record ? (SiloEventPayload?)data.Deserialize(record, SiloClientJson.Options) : null;
}
