namespace SiloMod.FreeCAD.Tests;

public sealed class RuntimeTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Core_AnswersPingOverNativeHosting_AfterAnotherHostfxrInitialisation(bool gui)
    {
        var result = await FreeCadProcess.RunAsync("runtime/ping.py", new FreeCadOptions { Gui = gui });

        result.AssertOk();
        result.AssertCheck("ping transport native");
        result.AssertCheck("second initialisation reports already initialised");
        result.AssertCheck("event received");
        if (gui) result.AssertCheck("event delivered on the GUI thread");
    }
}
