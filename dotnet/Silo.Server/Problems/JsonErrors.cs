using System.Text.Json;
using System.Text.RegularExpressions;

namespace Silo.Server.Problems;

/// <summary>
/// Rewords the framework's body-binding errors for API clients. System.Text.Json's messages name
/// .NET types ("could not be converted to Silo.Protocol.Items.NewItem") and blame the
/// whole request type for one wrong value; clients need the JSON path and what was wrong there.
/// </summary>
internal static partial class JsonErrors
{
    [GeneratedRegex("^The JSON property '(?<name>.*)' could not be mapped to any \\.NET member")]
    private static partial Regex UnmappedMember();

    public static string Describe(JsonException json)
    {
        if (UnmappedMember().Match(json.Message) is { Success: true } unmapped)
            return $"The request body has a property '{unmapped.Groups["name"].Value}' that this endpoint does not accept.";
        if (json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            return json.Path is null or "$"
                ? "The request body must be a JSON object."
                : $"The value at {json.Path}{Position(json)} has the wrong JSON type.";
        // Syntax errors: the parser's own message says what it expected and where, without type names.
        return $"The request body is not valid JSON: {json.Message}";
    }

    /// <summary>
    /// An empty body or JSON <c>null</c> where an object is required. The framework words this for
    /// the server's developer ("Implicit body inferred … Did you mean to use a Service instead?").
    /// </summary>
    public static bool IsMissingBody(BadHttpRequestException bad) =>
        bad.StatusCode == StatusCodes.Status400BadRequest
        && (bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal)
            || bad.Message.Contains("was not provided from body", StringComparison.Ordinal));

    private static string Position(JsonException json) =>
        json.LineNumber is { } line && json.BytePositionInLine is { } column ? $" (line {line + 1}, byte {column + 1})" : "";
}
