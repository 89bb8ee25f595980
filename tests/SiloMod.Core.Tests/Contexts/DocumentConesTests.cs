using Silo.Protocol.Checkpoints;
using SiloMod.Core.Contexts;
using SiloMod.Core.EditSessions;

namespace SiloMod.Core.Tests.Contexts;

public sealed class DocumentConesTests
{
    // The bracket: Body holds Origin, Sketch, Pad, Sketch001 and Pocket; an edge A→B says B depends on A.
    private static readonly Dag Bracket = new(
        [
            new DagNode("Body", "PartDesign::Body"), new DagNode("Origin", "App::Origin"), new DagNode("XY_Plane", "App::Plane"),
            new DagNode("Sketch", "Sketcher::SketchObject"), new DagNode("Pad", "PartDesign::Pad"),
            new DagNode("Sketch001", "Sketcher::SketchObject"), new DagNode("Pocket", "PartDesign::Pocket"),
        ],
        [
            new DagEdge("XY_Plane", "Origin"), new DagEdge("XY_Plane", "Sketch"), new DagEdge("Sketch", "Pad"), new DagEdge("Pad", "Sketch001"),
            new DagEdge("Sketch001", "Pocket"), new DagEdge("Pad", "Pocket"), new DagEdge("Pad", "Pocket"),
            new DagEdge("Origin", "Body"), new DagEdge("Sketch", "Body"), new DagEdge("Pad", "Body"), new DagEdge("Sketch001", "Body"),
            new DagEdge("Pocket", "Body"),
        ]);

    private static readonly string[] Members = ["Origin", "Sketch", "Pad", "Sketch001", "Pocket"];

    private static ContextFacts Facts(EditedObject? inEdit = null, BodyFact? body = null, Dag? graph = null) =>
        new("Unnamed", "P-1", null, false, inEdit, body, Graph: graph ?? Bracket);

    [Fact]
    public void Fill_ObjectInEdit_GetsEverythingDownstreamSortedWithoutContainers()
    {
        var filled = DocumentCones.Fill(Facts(new EditedObject("Sketcher::SketchObject", "Sketch")));

        Assert.Equal(["Pad", "Pocket", "Sketch001"], filled.InEdit!.Cone);
    }

    [Theory]
    [InlineData("Sketch001", new[] { "Pocket" })]
    [InlineData("Pocket", new string[0])]
    [InlineData("XY_Plane", new[] { "Pad", "Pocket", "Sketch", "Sketch001" })]
    public void Fill_ObjectInEdit_ConeOfEach(string name, string[] cone) =>
        Assert.Equal(cone, DocumentCones.Fill(Facts(new EditedObject("X", name))).InEdit!.Cone);

    [Fact]
    public void Fill_Body_IsItsFeaturesAndWhatDependsOnThem()
    {
        var body = new BodyFact("Body", Members: Members);

        var filled = DocumentCones.Fill(Facts(new EditedObject("PartDesign::Pad", "Pad", OwningBody: body), body));

        Assert.Equal(["Pad", "Pocket", "Sketch", "Sketch001"], filled.ActiveBody!.Cone);
        Assert.Equal(filled.ActiveBody.Cone, filled.InEdit!.OwningBody!.Cone);
    }

    [Fact]
    public void Fill_ConesTheHostGaveOrNoGraph_AreLeftAsTheyAre()
    {
        var given = Facts(new EditedObject("Sketcher::SketchObject", "Sketch", ["Given"]), new BodyFact("Body", ["Mine"], Members));
        var noGraph = Facts(new EditedObject("Sketcher::SketchObject", "Sketch")) with { Graph = null };

        Assert.Equal(["Given"], DocumentCones.Fill(given).InEdit!.Cone);
        Assert.Equal(["Mine"], DocumentCones.Fill(given).ActiveBody!.Cone);
        Assert.Same(noGraph, DocumentCones.Fill(noGraph));
    }
}
