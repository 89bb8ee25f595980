using Silo.Protocol.EditSessions;

namespace Silo.Protocol.Tests.EditSessions;

public sealed class DependencyConeRuleTests
{
    // Body → Sketch → Pad → Pocket, and every feature back into the body (FreeCAD lists a body in its features' InList).
    private static readonly Dictionary<string, List<string>> Edges = new(StringComparer.Ordinal)
    {
        ["Origin"] = ["Sketch", "Body"],
        ["Sketch"] = ["Pad", "Body"],
        ["Pad"] = ["Pocket", "Body"],
        ["Pocket"] = ["Body"],
        ["Body"] = ["Mirror"],
    };

    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["Origin"] = "App::Origin",
        ["Body"] = "PartDesign::Body",
        ["Sketch"] = "Sketcher::SketchObject",
        ["Pad"] = "PartDesign::Pad",
        ["Pocket"] = "PartDesign::Pocket",
        ["Mirror"] = "Part::Mirroring",
    };

    [Fact]
    public void Downstream_Containers_LeftOutButWalkedThrough() =>
        Assert.Equal(["Pad", "Pocket", "Mirror"], DependencyConeRule.Downstream(Edges, Types, "Sketch"));

    [Fact]
    public void Downstream_UnknownObject_Empty() => Assert.Empty(DependencyConeRule.Downstream(Edges, Types, "Fillet"));

    [Fact]
    public void Downstream_NodeWithoutType_Counted() =>
        Assert.Equal(["B"], DependencyConeRule.Downstream(new Dictionary<string, List<string>> { ["A"] = ["B"] }, new Dictionary<string, string>(), "A"));
}
