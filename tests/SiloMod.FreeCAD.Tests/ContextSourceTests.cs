namespace SiloMod.FreeCAD.Tests;

public sealed class ContextSourceTests
{
    [Fact]
    public async Task ContextSource_ReportsEditAndBodyChanges_BacksOutOfBlockedEdit_PushesOnExit()
    {
        var result = await FreeCadProcess.RunAsync("context/edit_sketch.py");

        result.AssertOk();
        result.AssertCheck("enter sketch reported");
        result.AssertCheck("body activation reported");
        result.AssertCheck("blocked: out of edit mode");
        result.AssertCheck("checkpoint submitted");
        result.AssertCheck("leave request ends the edit");
    }
}
