using Silo.Client.Files;

namespace Silo.Client.Tests.Files;

public sealed class SubscriptionPathsTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "silo-projects");

    [Fact]
    public void SubscriptionFilePath_PlainValues_BuildsCanonicalPath()
    {
        var path = SubscriptionPaths.SubscriptionFilePath(Root, "Brackets", "PRT-100", "Mount bracket");

        Assert.Equal(Path.Combine(Root, "Brackets", "PRT-100_Mount bracket.FCStd"), path);
    }

    [Fact]
    public void SubscriptionFilePath_EmptyDescription_OmitsSeparator()
    {
        Assert.Equal(Path.Combine(Root, "Brackets", "PRT-100.step"), SubscriptionPaths.SubscriptionFilePath(Root, "Brackets", "PRT-100", "", ".step"));
    }

    [Theory]
    [InlineData("../../etc/passwd", ".._.._etc_passwd")]
    [InlineData("..\\..\\Windows\\System32", ".._.._Windows_System32")]
    [InlineData("/absolute/path", "absolute_path")]
    [InlineData("C:\\Users\\x", "C_Users_x")]
    [InlineData("a\0b\nc\td", "a_b_c_d")]
    [InlineData("what? <this> | \"that\" *", "what_ _this_ _ _that")]
    [InlineData("trailing dots...", "trailing dots")]
    [InlineData("..", "")]
    [InlineData("   ", "")]
    [InlineData("Ünïcödé ok", "Ünïcödé ok")]
    public void SubscriptionFilePath_HostileDescription_IsSanitisedIntoOneFileName(string description, string expected)
    {
        var path = SubscriptionPaths.SubscriptionFilePath(Root, "Brackets", "PRT-100", description);

        var fileName = expected.Length == 0 ? "PRT-100.FCStd" : $"PRT-100_{expected}.FCStd";
        Assert.Equal(Path.Combine(Root, "Brackets", fileName), path);
    }

    [Fact]
    public void SubscriptionFilePath_VeryLongDescription_IsCapped()
    {
        var path = SubscriptionPaths.SubscriptionFilePath(Root, "Brackets", "PRT-100", new string('x', 10_000));

        Assert.True(Path.GetFileName(path).Length <= 100, Path.GetFileName(path));
        Assert.StartsWith(Path.Combine(Root, "Brackets") + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("../Brackets")]
    [InlineData("/etc")]
    [InlineData("C:")]
    [InlineData("CON")]
    [InlineData("nul.txt")]
    [InlineData("COM1")]
    [InlineData("ends.")]
    [InlineData(" padded")]
    [InlineData("bell\a")]
    public void SubscriptionFilePath_HostileCategory_Throws(string category)
    {
        Assert.Throws<ArgumentException>(() => SubscriptionPaths.SubscriptionFilePath(Root, category, "PRT-100", "desc"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../../x")]
    [InlineData("PRT/100")]
    [InlineData("PRT\\100")]
    [InlineData("LPT1")]
    [InlineData("PRT\u0000")]
    public void SubscriptionFilePath_HostilePartNumber_Throws(string partNumber)
    {
        Assert.Throws<ArgumentException>(() => SubscriptionPaths.SubscriptionFilePath(Root, "Brackets", partNumber, "desc"));
    }

    [Theory]
    [InlineData("FCStd")]
    [InlineData(".")]
    [InlineData("./../x")]
    [InlineData(".FC/Std")]
    [InlineData(".a.b")]
    public void SubscriptionFilePath_HostileExtension_Throws(string extension)
    {
        Assert.Throws<ArgumentException>(() => SubscriptionPaths.SubscriptionFilePath(Root, "Brackets", "PRT-100", "desc", extension));
    }

    [Fact]
    public void SubscriptionFilePath_RelativeProjectsDir_ResolvesInsideIt()
    {
        var path = SubscriptionPaths.SubscriptionFilePath("projects", "Brackets", "PRT-100", "d");

        Assert.Equal(Path.Combine(Path.GetFullPath("projects"), "Brackets", "PRT-100_d.FCStd"), path);
    }
}
