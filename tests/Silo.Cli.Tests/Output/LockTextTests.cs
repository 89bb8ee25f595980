using Silo.Cli.Output;

namespace Silo.Cli.Tests.Output;

public sealed class LockTextTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    [Fact]
    public void When_Today_TimeAndZoneOnly()
    {
        var at = new DateTimeOffset(2026, 11, 30, 13, 2, 0, TimeSpan.Zero);

        Assert.Equal("14:02 UTC+01:00", LockText.When(at, Berlin, at.AddHours(3)));
        Assert.Equal("18:32 UTC+05:30", LockText.When(at, Kolkata, at.AddHours(1)));
        Assert.Equal("13:02 UTC", LockText.When(at, TimeZoneInfo.Utc, at));
    }

    [Fact]
    public void When_AnotherDayInTheReadersZone_CarriesTheDate()
    {
        var at = new DateTimeOffset(2026, 11, 30, 2, 30, 0, TimeSpan.Zero);

        // The same instant is yesterday evening in New York, so a reader there at noon UTC sees the date.
        Assert.Equal("2026-11-29 21:30 UTC-05:00", LockText.When(at, NewYork, at.AddHours(10)));
        Assert.Equal("2026-11-29 09:15 UTC+01:00", LockText.When(new DateTimeOffset(2026, 11, 29, 8, 15, 0, TimeSpan.Zero), Berlin, at.AddHours(10)));
    }
}
