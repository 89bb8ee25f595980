using System.Net.ServerSentEvents;
using System.Text.Json;
using Silo.Client.Http;

namespace Silo.Client.Events;

internal static class EventPayloadDecoder
{
    /// <summary>
    /// The events of a <c>GET /api/events</c> body, read as the SSE spec reads them: comments (the
    /// server's <c>: connected</c> and keep-alives) and <c>retry:</c> hints never become items.
    /// An item is null for a <c>null</c> envelope.
    /// </summary>
    /// <remarks>A payload that does not decode throws <see cref="JsonException"/> from the enumeration.</remarks>
    public static SseParser<SiloEvent?> ParseStream(Stream body) =>
        SseParser.Create(body, static (_, data) => ReadEvent(data));

    /// <summary>
    /// One event's envelope (an SSE <c>data:</c> field), its payload decoded here, once, so a
    /// payload the client cannot read fails like any bad event.
    /// </summary>
    /// <exception cref="JsonException">The envelope or the data does not fit its record.</exception>
    private static SiloEvent? ReadEvent(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<SiloEvent>(utf8Json, SiloClientJson.Options) is { } parsed
            ? parsed with { Payload = Decode(parsed.Type, parsed.Data) }
            : null;

    /// <returns>Null for a type without a record (a newer server's).</returns>
    /// <exception cref="JsonException">The data does not fit the type's record.</exception>
    public static SiloEventPayload? Decode(string type, JsonElement data) =>
        EventPayloads.For(type) is { } record ? (SiloEventPayload?)data.Deserialize(record, SiloClientJson.Options) : null;
}
