namespace Silo.Protocol.EditSessions;

/// <summary>
/// What editing an object may break: every object downstream of it (an edge from A to B means B
/// depends on A), directly or not, except containers (a body, a part, an origin and its axes and
/// planes, a group). Containers hold or frame features rather than being features; counting them
/// would make every two edits of one body overlap. The workbench's core computes the cone from the
/// graph FreeCAD reports (<c>SiloMod.Core.Contexts.DocumentCones</c>), the server from a pushed DAG;
/// the container types come from <c>rules.json</c>.
/// </summary>
public static class DependencyConeRule
{
    public static IReadOnlySet<string> ContainerTypes { get; } = new HashSet<string>(RulesData.Load().ContainerTypes, StringComparer.Ordinal);

    public static bool IsContainer(string? type) => type is not null && ContainerTypes.Contains(type);

    /// <param name="edges">Dependencies by the node they start from: <c>downstream[A]</c> holds every B that depends on A.</param>
    /// <param name="typeOf">FreeCAD type ids by node; a node without one is no container.</param>
    /// <returns>The cone in the order found, each node once, without <paramref name="objectId"/>.</returns>
    public static IReadOnlyList<string> Downstream(
        IReadOnlyDictionary<string, List<string>> edges, IReadOnlyDictionary<string, string> typeOf, string objectId)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(typeOf);
        var cone = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { objectId };
        var pending = new Queue<string>();
        pending.Enqueue(objectId);
        while (pending.TryDequeue(out var node))
        {
            if (!edges.TryGetValue(node, out var next)) continue;
            foreach (var child in next)
            {
                if (!seen.Add(child)) continue;
                // A container is walked through (what depends on it may still depend on the object) but not counted.
                if (!IsContainer(typeOf.GetValueOrDefault(child))) cone.Add(child);
                pending.Enqueue(child);
            }
        }
        return cone;
    }
}
