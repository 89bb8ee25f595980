using System.Text.Json;

namespace Silo.Client.Events;

/// <summary>One event of the server's stream; <see cref="Data"/> depends on <see cref="Type"/> (see <see cref="SseEvents"/>).</summary>
/// <param name="Id">Increasing; pass the last one seen as <c>lastEventId</c> to resume without missing any.</param>
public sealed record SiloEvent(long Id, string Type, string? PartNumber, DateTimeOffset OccurredAt, JsonElement Data)
{
    /// <summary><see cref="Data"/> decoded as <typeparamref name="T"/> (snake_case).</summary>
    public T? DataAs<T>() => Data.Deserialize<T>(Http.SiloClientJson.Options);
}
