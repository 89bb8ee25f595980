using System.Text.Json;
using System.Text.Json.Serialization;

namespace Silo.Protocol;

/// <summary>
/// <c>rules.json</c>, embedded in this assembly: the rules the Python workbench must apply before
/// any .NET is loaded, so they are data both languages read rather than code written twice.
/// </summary>
internal sealed record RulesData(
    [property: JsonPropertyName("names")] NameRulesData Names,
    [property: JsonPropertyName("checkpoint_notify_contexts")] IReadOnlyList<string> NotifyContexts,
    [property: JsonPropertyName("cone_container_types")] IReadOnlyList<string> ContainerTypes)
{
    private static readonly Lazy<RulesData> Embedded = new(Read);

    public static RulesData Load() => Embedded.Value;

    private static RulesData Read()
    {
        using var stream = typeof(RulesData).Assembly.GetManifestResourceStream("Silo.Protocol.rules.json")
            ?? throw new InvalidOperationException("Silo.Protocol.rules.json is not embedded in the assembly.");
        return JsonSerializer.Deserialize<RulesData>(stream)
            ?? throw new InvalidOperationException("Silo.Protocol.rules.json is empty.");
    }
}

/// <param name="PartNumberPattern">Matched against the whole value.</param>
internal sealed record NameRulesData(
    [property: JsonPropertyName("part_number_max_length")] int PartNumberMaxLength,
    [property: JsonPropertyName("part_number_pattern")] string PartNumberPattern,
    [property: JsonPropertyName("segment_max_length")] int SegmentMaxLength,
    [property: JsonPropertyName("segment_pattern")] string SegmentPattern,
    [property: JsonPropertyName("forbidden_substrings")] IReadOnlyList<string> ForbiddenSubstrings,
    [property: JsonPropertyName("forbidden_endings")] IReadOnlyList<string> ForbiddenEndings,
    [property: JsonPropertyName("reserved_device_names")] IReadOnlyList<string> ReservedDeviceNames);
