using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SiloMod.Bridge;

/// <summary>The JSON shape of the contract: snake_case names, enums as snake_case strings, ISO 8601 times.</summary>
internal static class BridgeJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            PropertyNameCaseInsensitive = false,
            // A host may send numbers for optional ints as "3" from a text field; be strict anyway:
            // a wrong type is a programming error on the Python side and should say so.
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    public static JsonNode? ToNode(object? value, Type type) => JsonSerializer.SerializeToNode(value, type, Options);

    public static string Serialize(JsonNode? node) => node is null ? "null" : node.ToJsonString(Options);

    /// <summary>The error answer: <c>{"error":{"type","message"}}</c>.</summary>
    public static string Error(Exception exception)
    {
        var inner = Unwrap(exception);
        var type = inner switch
        {
            BridgeException bridge => bridge.Type,
            JsonException => BridgeException.Types.InvalidArguments,
            _ => inner.GetType().Name,
        };
        var error = new JsonObject
        {
            ["error"] = new JsonObject { ["type"] = type, ["message"] = SiloMod.Core.Messages.ServerWords.Describe(inner) },
        };
        return error.ToJsonString(Options);
    }

    private static Exception Unwrap(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    exception = aggregate.InnerExceptions[0];
                    continue;
                case TargetInvocationException { InnerException: { } inner }:
                    exception = inner;
                    continue;
                default:
                    return exception;
            }
        }
    }
}
