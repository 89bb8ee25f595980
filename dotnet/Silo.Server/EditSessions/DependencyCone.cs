using System.Text.Json;

namespace Silo.Server.EditSessions;

/// <summary>
/// The downstream dependency cone of an edited object: every node that depends on it, directly or
/// not, so every node a change to it can break. Object ids and cone nodes are FreeCAD object names.
/// </summary>
public static class DependencyCone
{
    public const int MaxNodes = 10_000;
    public const int MaxNodeLength = 200;

    public static bool IsValidNode(string? node) => !string.IsNullOrEmpty(node) && node.Length <= MaxNodeLength && !node.Any(char.IsControl);

    /// <returns>Why the client-sent cone is refused, or null when it is acceptable (or absent).</returns>
    public static string? Check(IReadOnlyList<string?>? cone)
    {
        if (cone is null) return null;
        if (cone.Count > MaxNodes) return $"dependency_cone has {cone.Count} nodes; at most {MaxNodes} are accepted.";
        for (var i = 0; i < cone.Count; i++)
        {
            if (!IsValidNode(cone[i]))
                return $"dependency_cone[{i}] must be a non-empty object id of up to {MaxNodeLength} characters without control characters.";
        }
        return null;
    }

    /// <summary>Distinct nodes, in the order given, without the edited object itself.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> cone, string objectId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { objectId };
        return cone.Where(seen.Add).ToList();
    }

    /// <summary>
    /// The cone of <paramref name="objectId"/> in a stored DAG, by <see cref="DependencyConeRule"/>.
    /// An object the DAG does not know has an empty cone; so has a DAG that cannot be read, since
    /// the cone only ever widens warnings, never grants.
    /// </summary>
    public static IReadOnlyList<string> FromDag(string dagJson, string objectId)
    {
        var downstream = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(dagJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("edges", out var edges) || edges.ValueKind != JsonValueKind.Array)
                return [];
            foreach (var edge in edges.EnumerateArray())
            {
                if (edge.ValueKind != JsonValueKind.Object
                    || !edge.TryGetProperty("from", out var from) || from.ValueKind != JsonValueKind.String
                    || !edge.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.String)
                    continue;
                var key = from.GetString()!;
                if (!downstream.TryGetValue(key, out var list)) downstream[key] = list = [];
                list.Add(to.GetString()!);
            }
            if (doc.RootElement.TryGetProperty("nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Array)
            {
                foreach (var node in nodes.EnumerateArray())
                {
                    if (node.ValueKind == JsonValueKind.Object
                        && node.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                        && node.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
                        types[id.GetString()!] = type.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            return [];
        }
        return DependencyConeRule.Downstream(downstream, types, objectId);
    }

    public static string Serialize(IReadOnlyList<string> cone) => JsonSerializer.Serialize(cone);

    public static IReadOnlyList<string> Parse(string stored) => JsonSerializer.Deserialize<string[]>(stored) ?? [];
}
