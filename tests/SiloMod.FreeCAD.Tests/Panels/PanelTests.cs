namespace SiloMod.FreeCAD.Tests.Panels;

/// <summary>
/// The panels' own scripts (tests/freecad/panels): the GUI ones inside real FreeCAD against a fake
/// core, and the plain-Python unit tests of the models with FreeCAD's Python.
/// </summary>
public sealed class PanelTests
{
    [Theory]
    [InlineData("gui_activity_pane.py", "activity_pane.png")]
    [InlineData("gui_blocked_dialog.py", "blocked_dialog.png")]
    [InlineData("gui_commands.py", null)]
    [InlineData("gui_preferences.py", "preferences.png")]
    [InlineData("gui_subscribe_dialog.py", "subscribe_dialog.png")]
    public async Task GuiScript_AllChecksPass(string script, string? screenshot)
    {
        var started = DateTime.UtcNow;

        var result = await FreeCadProcess.RunAsync("panels/" + script);

        result.AssertOk();
        Assert.NotEmpty(result.Checks);
        if (screenshot is not null)
        {
            var png = new FileInfo(Path.Combine(RepoPaths.Screenshots, screenshot));
            Assert.True(png.Exists && png.LastWriteTimeUtc >= started.AddSeconds(-1) && png.Length > 10_000,
                $"{script} did not write a fresh {png.FullName}");
        }
    }

    [Fact]
    public Task PlainPythonUnitTests_Pass() => PythonUnitTests.AssertPassAsync("tests/freecad/panels", TimeSpan.FromSeconds(60));
}
