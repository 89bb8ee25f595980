using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Silo.Protocol.Events;

/// <summary>One event of the server's stream; <see cref="Data"/> depends on <see cref="Type"/> (see <see cref="EventTypes"/> and <see cref="EventPayloads"/>).</summary>
/// <param name="Id">Increasing; pass the last one seen as <c>lastEventId</c> to resume without missing any.</param>
public sealed record SiloEvent(long Id, string Type, string? PartNumber, DateTimeOffset OccurredAt, JsonElement Data)
{
    /// <summary>
    /// <see cref="Data"/> as the record of its <see cref="Type"/> (<see cref="ItemLocked"/>,
    /// <see cref="EditHandoffRequested"/>, ...), to pattern-match on; null for a type this client does not know.
    /// </summary>
    [JsonIgnore]
    public SiloEventPayload? Payload { get; init; }

    public bool TryGetPayload<T>([NotNullWhen(true)] out T? payload)
        where T : SiloEventPayload
    {
        payload = Payload as T;
        return payload is not null;
    }
}
