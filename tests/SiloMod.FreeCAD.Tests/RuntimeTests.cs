namespace SiloMod.FreeCAD.Tests;

public sealed class RuntimeTests
{
    /// <summary>tests/freecad/runtime/test_*.py: connecting to the server (retry pacing, reconnect on new settings) with a fake core.</summary>
    [Fact]
    public Task PlainPythonUnitTests_Pass() => PythonUnitTests.AssertPassAsync("tests/freecad/runtime", TimeSpan.FromSeconds(60));

    /// <summary>No pythonnet installed: the bridge's Python.Runtime, after another addon's hostfxr start; .NET threads call back while Python waits in .NET.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Core_AnswersPingThroughBundledPythonnet_AfterAnotherHostfxrInitialisation(bool gui)
    {
        var result = await FreeCadProcess.RunAsync("runtime/ping.py", new FreeCadOptions { Gui = gui });

        result.AssertOk();
        result.AssertCheck("clr bundled");
        result.AssertCheck("second initialisation reports already initialised");
        result.AssertCheck("event received");
        result.AssertCheck("blocking call returns after its events");
        result.AssertCheck("every event received");
        if (gui) result.AssertCheck("event delivered on the GUI thread");
        result.AssertCheck("no event after dispose");
    }

    [Fact]
    public async Task Core_FallsBackToBundledPythonnet_WhenTheInstalledOneIsBroken()
    {
        var result = await FreeCadProcess.RunAsync("runtime/broken_pythonnet.py", new FreeCadOptions { Gui = false });

        result.AssertOk();
        result.AssertCheck("installed pythonnet tried");
        result.AssertCheck("fallback reported");
        result.AssertCheck("clr bundled");
        result.AssertCheck("ping answered");
    }
}
