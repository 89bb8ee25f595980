using System.Text.Json;
using System.Text.Json.Serialization;

namespace Silo.Client.Errors;

/// <summary>An RFC 9457 problem document as the server sends it, with its extension members.</summary>
public sealed record SiloProblem
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    /// <summary>The server's machine-readable reason where it gives one (e.g. <c>hard_interference</c>, <c>superseded</c>).</summary>
    public string? Code { get; init; }

    /// <summary>Every other member (holder, errors, trace_id, ...), undecoded.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement> Extensions { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>An extension member decoded as <typeparamref name="T"/>, or default when absent, null or of another shape.</summary>
    public T? Extension<T>(string name)
    {
        if (!Extensions.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return default;
        try
        {
            return value.Deserialize<T>(Http.SiloClientJson.Options);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
