using System.Text.Json;
using System.Text.Json.Serialization;

namespace Silo.Client.Http;

/// <summary>The wire format of the Silo API: snake_case names, nulls left out of requests.</summary>
public static class SiloClientJson
{
    /// <remarks>
    /// Unlike the server, the client accepts unknown fields: a newer server may add fields, and an
    /// older client must keep working. Nulls are left out of requests because the server reads an
    /// absent field and a null one alike, and some endpoints (PATCH) mean "keep" by absence.
    /// </remarks>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        PropertyNameCaseInsensitive = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
