using SiloMod.Core.EditSessions;

namespace SiloMod.Core.Tests.EditSessions;

public sealed class KindredContextsTests
{
    [Theory]
    [InlineData("partdesign.body", KindredContextKind.Body)]
    [InlineData("partdesign.feature", KindredContextKind.Feature)]
    [InlineData("partdesign.in_assembly", KindredContextKind.BodyInAssembly)]
    [InlineData("assembly.edit", KindredContextKind.Assembly)]
    [InlineData("sketcher.edit", KindredContextKind.Unknown)]
    [InlineData("", KindredContextKind.Unknown)]
    [InlineData("PartDesign.Body", KindredContextKind.Unknown)]
    public void Classify_Id_NamesItsKind(string id, KindredContextKind expected) =>
        Assert.Equal(expected, KindredContexts.Classify(new KindredContext(id), "Doc"));

    [Fact]
    public void Classify_NoContext_IsUnknown() => Assert.Equal(KindredContextKind.Unknown, KindredContexts.Classify(null, "Doc"));

    [Fact]
    public void Classify_ContextOfAnotherDocument_IsUnknown()
    {
        var other = new KindredContext(KindredContexts.BodyId, new Dictionary<string, string> { [KindredContexts.DocumentKey] = "Other" });
        var same = other with { Details = new Dictionary<string, string> { [KindredContexts.DocumentKey] = "Doc", ["label"] = "Body" } };

        Assert.Equal(KindredContextKind.Unknown, KindredContexts.Classify(other, "Doc"));
        Assert.Equal(KindredContextKind.Body, KindredContexts.Classify(same, "Doc"));
    }

    [Theory]
    [InlineData(KindredContextKind.BodyInAssembly, true)]
    [InlineData(KindredContextKind.Assembly, true)]
    [InlineData(KindredContextKind.Body, false)]
    [InlineData(KindredContextKind.Feature, false)]
    [InlineData(KindredContextKind.Unknown, false)]
    public void KeepsAssembly_Kind_OnlyWhenKindredSaysAnAssemblyIsEdited(KindredContextKind kind, bool expected) =>
        Assert.Equal(expected, kind.KeepsAssembly());
}
