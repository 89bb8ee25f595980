namespace SiloMod.FreeCAD.Tests;

public sealed class DocumentGatewayTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Gateway_ReadsDagConeAndPartNumber_OfARealPartDesignDocument(bool gui)
    {
        var result = await FreeCadProcess.RunAsync("document/gateway.py", new FreeCadOptions { Gui = gui });

        result.AssertOk();
        result.AssertCheck("cone of Sketch");
        result.AssertCheck("part number survives save and reopen");
        result.AssertCheck("no duplicate edges");
    }
}
