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

    [FreeCadFact("1.0")]
    public async Task ContextSource_AssemblyEditMode_NestsBodyKeepsAssemblyAcrossSketch_ReportsExitBackOutAndLeave()
    {
        var result = await FreeCadProcess.RunAsync("context/assembly.py");

        result.AssertOk();
        result.AssertCheck("enter assembly reported");
        result.AssertCheck("body nests under the assembly");
        result.AssertCheck("sketch in and out, the assembly kept");
        result.AssertCheck("assembly_close checkpoint submitted");
        result.AssertCheck("blocked: out of the assembly's edit mode");
        result.AssertCheck("leave reported innermost first");
    }
}
