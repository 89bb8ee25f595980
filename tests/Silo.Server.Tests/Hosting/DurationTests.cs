using Silo.Server.Hosting;

namespace Silo.Server.Tests.Hosting;

public sealed class DurationTests
{
    [Theory]
    [InlineData("24:00:00", 24 * 60)]
    [InlineData("48:00", 48 * 60)]
    [InlineData("00:45:00", 45)]
    [InlineData("2.00:00:00", 48 * 60)]
    [InlineData("720:00:00", 30 * 24 * 60)]
    public void Parse_OperatorForms_ReadHoursAsHours(string text, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), Duration.Parse(text).Value);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("1:75:00")]
    [InlineData("")]
    public void Parse_NotADuration_NamesTheValueAndTheForms(string text)
    {
        var error = Assert.Throws<FormatException>(() => Duration.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("hours:mm", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("48:00:00")]
    [InlineData("00:00:15")]
    [InlineData("720:30:05")]
    public void ToString_ReadsBackAsTheSameDuration(string text)
    {
        var duration = Duration.Parse(text);

        Assert.Equal(text, duration.ToString());
        Assert.Equal(duration, Duration.Parse(duration.ToString()));
    }
}
