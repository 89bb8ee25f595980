using SiloMod.Core.Activity;
using static SiloMod.Core.Tests.Activity.SampleSignals;

namespace SiloMod.Core.Tests.Activity;

public sealed class PresenceTextsTests
{
    [Fact]
    public void Details_OneSession_NamesWhoWhatAndSince()
    {
        Assert.Equal(["bob is editing Sketch004 (sketch) since 14:10"], PresenceTexts.Details([BobInSketch], TimeZoneInfo.Utc));
    }

    [Fact]
    public void Details_Nobody_SaysSo()
    {
        Assert.Equal(["Nobody else is editing it now."], PresenceTexts.Details([], TimeZoneInfo.Utc));
    }

    [Fact]
    public void Text_TrackedItem_IndentsOneLinePerSession()
    {
        Assert.Equal("PRT-100:\n  alice is editing Body (partdesign) since 14:00\n  bob is editing Sketch004 (sketch) since 14:10",
            PresenceTexts.Text("PRT-100", [AliceInBody, BobInSketch], TimeZoneInfo.Utc));
    }

    [Fact]
    public void Text_UntrackedDocument_SaysSo()
    {
        Assert.Equal("The active document is not tracked by Silo.", PresenceTexts.Text(null, [], TimeZoneInfo.Utc));
    }
}
