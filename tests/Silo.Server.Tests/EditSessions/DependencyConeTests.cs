using Silo.Server.EditSessions;

namespace Silo.Server.Tests.EditSessions;

public sealed class DependencyConeTests
{
    private const string Dag = """
        {"nodes":[{"id":"Sketch001","type":"Sketcher::SketchObject","label":"Base"}],
         "edges":[{"from":"Sketch001","to":"Pad001"},{"from":"Pad001","to":"Pocket001"},{"from":"Sketch002","to":"Pocket001"},
                  {"from":"Pocket001","to":"Fillet001"},{"from":"Pad001","to":"Fillet001"},{"from":"Fillet001","to":"Pad001"}]}
        """;

    [Fact]
    public void FromDag_Object_ReturnsEveryDownstreamNodeOnceWithoutItself()
    {
        var cone = DependencyCone.FromDag(Dag, "Sketch001");

        Assert.Equal(new[] { "Fillet001", "Pad001", "Pocket001" }, cone.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FromDag_Cycle_Terminates()
    {
        Assert.Equal(new[] { "Fillet001", "Pocket001" }, DependencyCone.FromDag(Dag, "Pad001").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FromDag_Containers_LeftOutOfTheCone()
    {
        // As extract_dag writes a body: every feature (and the origin) points into the body.
        const string body = """
            {"nodes":[{"id":"Body","type":"PartDesign::Body"},{"id":"Origin","type":"App::Origin"},{"id":"Sketch","type":"Sketcher::SketchObject"},
                      {"id":"Pad","type":"PartDesign::Pad"}],
             "edges":[{"from":"Origin","to":"Sketch"},{"from":"Origin","to":"Body"},{"from":"Sketch","to":"Pad"},{"from":"Sketch","to":"Body"},
                      {"from":"Pad","to":"Body"}]}
            """;

        Assert.Equal(["Pad"], DependencyCone.FromDag(body, "Sketch"));
        Assert.Equal(["Sketch", "Pad"], DependencyCone.FromDag(body, "Origin"));
    }

    [Theory]
    [InlineData("Sketch999")]
    [InlineData("Fillet001x")]
    public void FromDag_UnknownObject_ReturnsEmptyCone(string objectId) => Assert.Empty(DependencyCone.FromDag(Dag, objectId));

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"nodes":[]}""")]
    [InlineData("""{"edges":[{"from":1,"to":"Pad001"},"x"]}""")]
    public void FromDag_Unreadable_ReturnsEmptyCone(string dag) => Assert.Empty(DependencyCone.FromDag(dag, "Sketch001"));

    [Fact]
    public void Check_TooManyOrBadNodes_Explains()
    {
        Assert.Null(DependencyCone.Check(null));
        Assert.Null(DependencyCone.Check(Enumerable.Repeat("Pad001", DependencyCone.MaxNodes).ToList()));
        Assert.Contains("at most", DependencyCone.Check(Enumerable.Repeat("Pad001", DependencyCone.MaxNodes + 1).ToList()));
        Assert.Contains("[1]", DependencyCone.Check(["Pad001", null]));
        Assert.Contains("[0]", DependencyCone.Check([new string('x', DependencyCone.MaxNodeLength + 1)]));
    }

    [Fact]
    public void Normalize_DropsDuplicatesAndTheObjectItself()
    {
        Assert.Equal(new[] { "Pad001", "Fillet001" }, DependencyCone.Normalize(["Pad001", "Sketch001", "Fillet001", "Pad001"], "Sketch001"));
    }
}
