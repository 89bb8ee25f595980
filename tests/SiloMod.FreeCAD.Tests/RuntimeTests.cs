namespace SiloMod.FreeCAD.Tests;

public sealed class RuntimeTests
{
    /// <summary>tests/freecad/runtime/test_*.py: connecting to the server (retry pacing, reconnect on new settings) with a fake core.</summary>
    [Fact]
    public Task PlainPythonUnitTests_Pass() => PythonUnitTests.AssertPassAsync("tests/freecad/runtime", TimeSpan.FromSeconds(60));

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
