namespace Silo.Server.Checkpoints;

/// <summary>
/// An item's dependency graph as the workbench extracts it:
/// <c>{"nodes":[{"id":"Sketch001","type":"Sketcher::SketchObject","label":"Mount sketch"}],"edges":[{"from":"Sketch001","to":"Pad001"}]}</c>.
/// An edge from A to B means B depends on A.
/// </summary>
public sealed record DagDocument(IReadOnlyList<DagNode?>? Nodes, IReadOnlyList<DagEdge?>? Edges);

/// <param name="Id">The document object's internal name, unique in the document.</param>
/// <param name="Type">The FreeCAD type id, e.g. <c>PartDesign::Pad</c>.</param>
/// <param name="Label">The user-visible label; optional.</param>
public sealed record DagNode(string? Id, string? Type, string? Label);

public sealed record DagEdge(string? From, string? To);
