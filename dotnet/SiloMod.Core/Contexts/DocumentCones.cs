using Silo.Protocol.Checkpoints;
using Silo.Protocol.EditSessions;
using SiloMod.Core.EditSessions;

namespace SiloMod.Core.Contexts;

/// <summary>
/// The dependency cones of the objects in reported facts, computed from the document's graph the
/// host reports with them (<see cref="ContextFacts.Graph"/>) by the one <see cref="DependencyConeRule"/>.
/// </summary>
public static class DocumentCones
{
    /// <summary>
    /// <paramref name="facts"/> with every cone the host left out filled in: the object in edit's
    /// downstream cone, a body's features and everything downstream of them. Facts without a graph
    /// are returned as they are: the server then uses the item's stored DAG.
    /// </summary>
    public static ContextFacts Fill(ContextFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Graph is not { } graph) return facts;
        var cones = new Graph(graph);
        var inEdit = facts.InEdit is { } edited
            ? edited with { Cone = edited.Cone ?? cones.Downstream(edited.Name), OwningBody = Body(cones, edited.OwningBody) }
            : null;
        return facts with { InEdit = inEdit, ActiveBody = Body(cones, facts.ActiveBody) };
    }

    private static BodyFact? Body(Graph cones, BodyFact? body) =>
        body is null || body.Cone is not null ? body : body with { Cone = cones.OfBody(body.Members ?? []) };

    private sealed class Graph
    {
        private readonly Dictionary<string, List<string>> _downstream = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

        public Graph(Dag dag)
        {
            foreach (var node in dag.Nodes) _types[node.Id] = node.Type;
            foreach (var edge in dag.Edges)
            {
                if (!_downstream.TryGetValue(edge.From, out var list)) _downstream[edge.From] = list = [];
                list.Add(edge.To);
            }
        }

        public List<string> Downstream(string objectId) => Sorted(DependencyConeRule.Downstream(_downstream, _types, objectId));

        /// <summary>What editing a whole body may change: its features (not its containers) and everything downstream of them.</summary>
        public List<string> OfBody(IEnumerable<string> members) =>
            Sorted(members.Where(m => !DependencyConeRule.IsContainer(_types.GetValueOrDefault(m)))
                .SelectMany(m => DependencyConeRule.Downstream(_downstream, _types, m).Prepend(m)));

        private static List<string> Sorted(IEnumerable<string> names) => names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
