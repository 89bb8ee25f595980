namespace Silo.Protocol.Checkpoints;

/// <summary>
/// An item's dependency graph as pushed with a checkpoint. An edge from A to B means B depends on
/// A, so the downstream cone of X is everything reachable from X along edges (see
/// <see cref="EditSessions.DependencyConeRule"/>). E.g.
/// <c>{"nodes":[{"id":"Sketch001","type":"Sketcher::SketchObject","label":"Mount sketch"}],"edges":[{"from":"Sketch001","to":"Pad001"}]}</c>.
/// The server checks every node and edge a client sends.
/// </summary>
public sealed record Dag(IReadOnlyList<DagNode> Nodes, IReadOnlyList<DagEdge> Edges);

/// <param name="Id">The document object's internal name, unique in the document.</param>
/// <param name="Type">The FreeCAD type, e.g. <c>Sketcher::SketchObject</c>.</param>
public sealed record DagNode(string Id, string Type, string? Label = null);


public sealed record DagEdge(string From, string To);
