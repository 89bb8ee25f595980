using SiloMod.Core.Activity;
using SiloMod.Core.Host;
using static SiloMod.Core.Tests.Activity.SampleSignals;

namespace SiloMod.Core.Tests.Activity;

public sealed class PresenceMarkerTests
{
    private static readonly ItemSummary Bracket = new("PRT-100", "Mounting Bracket", "Brackets", "Rover", null, null);

    [Fact]
    public void Of_SomeoneInABody_IsGreenWithTheirName()
    {
        Assert.Equal("🟢 (alice)", PresenceMarker.Of(Bracket, [AliceInBody]));
    }

    [Fact]
    public void Of_SomeoneInASketch_IsYellowForEveryoneThere()
    {
        var carolInSketch = BobInSketch with { SessionId = "s-carol", User = "carol", ContextLevel = "Sketcher" };
        Assert.Equal("🟡 (alice, carol)", PresenceMarker.Of(Bracket, [AliceInBody, carolInSketch]));
    }

    [Fact]
    public void Of_TwoSessionsOfOneUser_NamesThemOnce()
    {
        Assert.Equal("🟢 (alice)", PresenceMarker.Of(Bracket, [AliceInBody, AliceInBody with { SessionId = "s-alice-2", ContextLevel = "assembly" }]));
    }

    [Fact]
    public void Of_CheckedOutAndEdited_ShowsBothMarks()
    {
        Assert.Equal("🟢 (alice)  🔒 (dave)", PresenceMarker.Of(Bracket with { LockedBy = "dave" }, [AliceInBody]));
    }

    [Fact]
    public void Of_Nobody_IsEmpty()
    {
        Assert.Equal("", PresenceMarker.Of(Bracket, []));
    }
}
