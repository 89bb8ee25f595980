namespace SiloMod.FreeCAD.Tests;

public sealed class WorkbenchTests
{
    [Fact]
    public async Task Workbench_IsListedActivatesAndRegistersCommands_WithoutNetAtStartup()
    {
        var result = await FreeCadProcess.RunAsync("workbench/activate.py");

        result.AssertOk();
        result.AssertCheck("no .NET at start-up");
        result.AssertCheck("workbench listed");
        result.AssertCheck("workbench active");
        result.AssertCheck("commands registered");
        result.AssertCheck("runtime started after activation");
    }

    [Fact]
    public async Task PreferencesPage_ShownBeforeTheWorkbenchIsActivated_WithoutNet()
    {
        var result = await FreeCadProcess.RunAsync("workbench/preferences_at_start.py");

        result.AssertOk();
        result.AssertCheck("workbench never activated");
        result.AssertCheck("page registered at start-up");
        result.AssertCheck("Silo page shown");
        result.AssertCheck("no .NET after showing it");
    }

    [Fact]
    public async Task PackageXml_IsReadByFreeCADsOwnMetadataParser()
    {
        var result = await FreeCadProcess.RunAsync("workbench/metadata.py", new FreeCadOptions { Gui = false });

        result.AssertOk();
        result.AssertCheck("workbench classname");
    }
}
