namespace SiloMod.FreeCAD.Tests;

public sealed class DocumentGatewayTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Gateway_ReadsDagBodyMembersAndPartNumber_OfARealPartDesignDocument(bool gui)
    {
        var result = await FreeCadProcess.RunAsync("document/gateway.py", new FreeCadOptions { Gui = gui });

        result.AssertOk();
        result.AssertCheck("body members are its features and origin");
        result.AssertCheck("part number survives save and reopen");
        result.AssertCheck("no duplicate edges");
    }

    /// <summary>tests/freecad/rules/test_*.py: the part-number and cone rules Python reads from Silo.Protocol's rules.json, on the cases the .NET rule runs.</summary>
    [Fact]
    public Task PlainPythonRuleTests_Pass() => PythonUnitTests.AssertPassAsync("tests/freecad/rules", TimeSpan.FromSeconds(60));
}
