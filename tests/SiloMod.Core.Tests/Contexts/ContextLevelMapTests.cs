using Silo.Protocol.EditSessions;
using SiloMod.Core.Contexts;
using SiloMod.Core.Host;

namespace SiloMod.Core.Tests.Contexts;

public sealed class ContextLevelMapTests
{
    [Theory]
    [InlineData(ContextTypes.Sketcher, ContextLevels.Sketch)]
    [InlineData(ContextTypes.PartDesign, ContextLevels.PartDesign)]
    [InlineData(ContextTypes.Assembly, ContextLevels.Assembly)]
    [InlineData(null, null)]
    [InlineData("Part", null)]
    public void LevelOf_ContextType_GivesServerLevel(string? type, string? level) => Assert.Equal(level, ContextLevelMap.LevelOf(type));
}
