using SiloMod.Core.Contexts;
using SiloMod.Core.Host;

namespace SiloMod.Core.Tests.Contexts;

public sealed class ContextDepthTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData(ContextTypes.Assembly, 1)]
    [InlineData(ContextTypes.PartDesign, 2)]
    [InlineData(ContextTypes.Sketcher, 3)]
    [InlineData("Part", 0)]
    public void Of_EachContextType_GivesTheSpecDepth(string? type, int depth) => Assert.Equal(depth, ContextDepth.Of(type));

    [Fact]
    public void Of_DocumentContext_IsZero() => Assert.Equal(ContextDepth.Document, ContextDepth.Of(EditingContext.Document));
}
