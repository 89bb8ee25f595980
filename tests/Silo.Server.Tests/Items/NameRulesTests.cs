using Silo.Server.Items;

namespace Silo.Server.Tests.Items;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("PRT-001")]
    [InlineData("a")]
    [InlineData("9")]
    [InlineData("rev.2_final-A")]
    [InlineData("CONSOLE")] // only the exact device names are reserved, not words that start with one
    [InlineData("NULL-1")]
    [InlineData("COM10")]
    [InlineData("LPT")]
    [InlineData("a.b.c")]
    public void CheckPartNumber_SafeName_IsAccepted(string value) => Assert.Null(NameRules.CheckPartNumber(value));

    [Fact]
    public void CheckPartNumber_ExactlyMaximumLength_IsAccepted() =>
        Assert.Null(NameRules.CheckPartNumber(new string('A', NameRules.MaxPartNumber)));

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("../x", "separator")]
    [InlineData("a/b", "separator")]
    [InlineData("a\\b", "separator")]
    [InlineData("..", "'..'")]
    [InlineData("a..b", "'..'")]
    [InlineData("x\u0000y", "control")]
    [InlineData("tab\there", "control")]
    [InlineData("cr\rlf", "control")]
    [InlineData("del\u007fete", "control")]
    [InlineData(" lead", "only hold")]
    [InlineData("has space", "only hold")]
    [InlineData(".hidden", "only hold")]
    [InlineData("-flag", "only hold")]
    [InlineData("C:x", "only hold")]
    [InlineData("a*b", "only hold")]
    [InlineData("a?b", "only hold")]
    [InlineData("a\"b", "only hold")]
    [InlineData("a<b>", "only hold")]
    [InlineData("a|b", "only hold")]
    [InlineData("émile", "only hold")]
    [InlineData("trail.", "end")]
    [InlineData("CON", "reserved")]
    [InlineData("con", "reserved")]
    [InlineData("nul.txt", "reserved")]
    [InlineData("PRN", "reserved")]
    [InlineData("Aux.tar.gz", "reserved")]
    [InlineData("COM1", "reserved")]
    [InlineData("com9.step", "reserved")]
    [InlineData("LPT1", "reserved")]
    [InlineData("lpt9.FCStd", "reserved")]
    [InlineData("COM0", "reserved")]
    [InlineData("LPT0.txt", "reserved")]
    public void CheckPartNumber_UnsafeName_IsRefusedWithReason(string? value, string reason)
    {
        var error = NameRules.CheckPartNumber(value);

        Assert.NotNull(error);
        Assert.StartsWith("part_number", error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckPartNumber_OneOverMaximumLength_IsRefused()
    {
        var error = NameRules.CheckPartNumber(new string('A', NameRules.MaxPartNumber + 1));

        Assert.NotNull(error);
        Assert.Contains("longer than 64", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Brackets")]
    [InlineData("Mars Rover 2")]
    [InlineData("v1.2_beta-3")]
    [InlineData("Con Edison")] // "Con Edison" is no device name; only its stem before a '.' counts
    public void CheckSegment_SafeName_IsAccepted(string value) => Assert.Null(NameRules.CheckSegment("category", value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("..")]
    [InlineData("CON")]
    [InlineData("nul.txt")]
    [InlineData("CON .txt")] // Windows ignores the space before the extension
    [InlineData("x\u0000y")]
    [InlineData("tab\there")]
    [InlineData(" lead")]
    [InlineData("trail.")]
    [InlineData("trail ")]
    public void CheckSegment_UnsafeName_IsRefusedNamingTheField(string? value)
    {
        var error = NameRules.CheckSegment("project", value);

        Assert.NotNull(error);
        Assert.StartsWith("project", error);
    }

    [Fact]
    public void CheckSegment_OneOverMaximumLength_IsRefused() =>
        Assert.NotNull(NameRules.CheckSegment("category", new string('a', NameRules.MaxSegment + 1)));

    [Theory]
    [InlineData("")]
    [InlineData("Multi-word description, with punctuation: ok!")]
    [InlineData("Unicode is fine: Ø 12 mm — Edelstahl")]
    public void CheckDescription_PlainText_IsAccepted(string value) => Assert.Null(NameRules.CheckDescription(value));

    [Theory]
    [InlineData(null)]
    [InlineData("line\nbreak")]
    [InlineData("bell\u0007")]
    public void CheckDescription_MissingOrControlCharacters_IsRefused(string? value) => Assert.NotNull(NameRules.CheckDescription(value));

    [Fact]
    public void CheckDescription_OverMaximumLength_IsRefused()
    {
        Assert.Null(NameRules.CheckDescription(new string('d', NameRules.MaxDescription)));
        Assert.NotNull(NameRules.CheckDescription(new string('d', NameRules.MaxDescription + 1)));
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("bob.smith-2", true)]
    [InlineData("", false)]
    [InlineData("al ice", false)]
    [InlineData("../root", false)]
    [InlineData("CON", false)]
    public void CheckUsername_Table(string value, bool accepted) => Assert.Equal(accepted, NameRules.CheckUsername(value) is null);
}
