using SiloMod.Core.Activity;

namespace SiloMod.Core.Tests.Activity;

public sealed class ClockTextTests
{
    [Fact]
    public void Of_Seconds_AreCutNotRounded()
    {
        Assert.Equal("14:00", ClockText.Of(new DateTimeOffset(2026, 2, 16, 14, 0, 59, 999, TimeSpan.Zero), TimeZoneInfo.Utc));
    }

    [Fact]
    public void Of_AnotherOffset_IsShownInTheZone()
    {
        var at = new DateTimeOffset(2026, 2, 16, 16, 30, 0, TimeSpan.FromHours(2));

        Assert.Equal("14:30", ClockText.Of(at, TimeZoneInfo.Utc));
        Assert.Equal("09:30", ClockText.Of(at, TimeZoneInfo.CreateCustomTimeZone("UTC-5", TimeSpan.FromHours(-5), "UTC-5", "UTC-5")));
    }

    [Fact]
    public void Of_None_IsAQuestionMark()
    {
        Assert.Equal("?", ClockText.Of(null, TimeZoneInfo.Utc));
    }
}
