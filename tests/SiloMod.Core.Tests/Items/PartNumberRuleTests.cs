using SiloMod.Core.Items;

namespace SiloMod.Core.Tests.Items;

public sealed class PartNumberRuleTests
{
    [Theory]
    [InlineData("PRT-100")]
    [InlineData("asm_2.b")]
    public void Problem_ValidPartNumber_Null(string pn) => Assert.Null(PartNumberRule.Problem(pn));

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("-lead")]
    [InlineData("trail.")]
    [InlineData("tab\there")]
    public void Problem_UnsafePartNumber_SaysWhyWithTheValue(string pn)
    {
        var problem = PartNumberRule.Problem(pn);

        Assert.NotNull(problem);
        Assert.Contains("not a valid part number", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_Empty_AsksForOne() => Assert.Equal("A part number is required.", PartNumberRule.Problem("  "));
}
