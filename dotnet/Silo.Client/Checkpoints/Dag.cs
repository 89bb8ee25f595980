namespace Silo.Client.Checkpoints;

/// <summary>
/// An item's dependency graph as pushed with a checkpoint. An edge from A to B means B depends on
/// A, so the downstream cone of X is everything reachable from X along edges.
/// </summary>
public sealed record Dag(IReadOnlyList<DagNode> Nodes, IReadOnlyList<DagEdge> Edges);

/// <param name="Type">The FreeCAD type, e.g. <c>Sketcher::SketchObject</c>.</param>
public sealed record DagNode(string Id, string Type, string? Label = null);

public sealed record DagEdge(string From, string To);
