using Silo.Server.Problems;

namespace Silo.Server.Checkpoints;

/// <summary>
/// The shape a stored DAG must have. The bounds are far above the largest real FreeCAD documents
/// (a few thousand objects) and keep one request from tying up the server's single writer.
/// </summary>
public static class DagRules
{
    public const int MaxNodes = 50_000;
    public const int MaxEdges = 200_000;
    public const int MaxIdLength = 256;
    public const int MaxTypeLength = 256;
    public const int MaxLabelLength = 1024;

    /// <summary>A broken extractor tends to break every node alike; the first few errors say enough.</summary>
    private const int MaxReported = 20;

    /// <summary>Adds every broken rule under <c>dag…</c> field names.</summary>
    public static void Validate(Dag dag, Validator validator)
    {
        var reported = 0;
        var suppressed = 0;
        void Report(string field, string message)
        {
            if (reported++ < MaxReported) validator.Add(field, message);
            else suppressed++;
        }

        if (dag.Nodes is null) Report("dag.nodes", "dag.nodes is required (an array of {id, type, label}).");
        if (dag.Edges is null) Report("dag.edges", "dag.edges is required (an array of {from, to}; may be empty).");
        if (dag.Nodes is { Count: > MaxNodes }) Report("dag.nodes", $"dag.nodes has {dag.Nodes.Count} nodes; at most {MaxNodes} are accepted.");
        if (dag.Edges is { Count: > MaxEdges }) Report("dag.edges", $"dag.edges has {dag.Edges.Count} edges; at most {MaxEdges} are accepted.");
        if (reported > 0)
        {
            // Counting is cheap, checking 10 million entries is not: stop at the first structural problem.
            return;
        }

        var ids = new HashSet<string>(dag.Nodes!.Count, StringComparer.Ordinal);
        for (var i = 0; i < dag.Nodes!.Count; i++)
        {
            var node = dag.Nodes[i];
            var at = $"dag.nodes[{i}]";
            if (node is null)
            {
                Report(at, $"{at} is null.");
                continue;
            }
            if (CheckName(node.Id, MaxIdLength) is { } idError) Report(at + ".id", $"{at}.id {idError}");
            else if (!ids.Add(node.Id!)) Report(at + ".id", $"{at}.id '{node.Id}' appears more than once.");
            if (CheckName(node.Type, MaxTypeLength) is { } typeError) Report(at + ".type", $"{at}.type {typeError}");
            if (node.Label is { } label && (label.Length > MaxLabelLength || label.Any(char.IsControl)))
                Report(at + ".label", $"{at}.label must be at most {MaxLabelLength} characters without control characters.");
        }

        for (var i = 0; i < dag.Edges!.Count; i++)
        {
            var edge = dag.Edges[i];
            var at = $"dag.edges[{i}]";
            if (edge is null)
            {
                Report(at, $"{at} is null.");
                continue;
            }
            if (edge.From is null || !ids.Contains(edge.From)) Report(at + ".from", $"{at}.from '{edge.From}' is not the id of a node.");
            if (edge.To is null || !ids.Contains(edge.To)) Report(at + ".to", $"{at}.to '{edge.To}' is not the id of a node.");
            if (edge.From is not null && edge.From == edge.To) Report(at, $"{at} makes '{edge.From}' depend on itself.");
        }

        if (suppressed > 0) validator.Add("dag", $"… and {suppressed} more problems in dag.");
    }

    private static string? CheckName(string? value, int maxLength) =>
        string.IsNullOrEmpty(value) || value.Length > maxLength || value.Any(char.IsControl)
            ? $"is required: 1 to {maxLength} characters without control characters."
            : null;
}
