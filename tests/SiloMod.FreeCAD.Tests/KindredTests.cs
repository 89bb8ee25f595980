namespace SiloMod.FreeCAD.Tests;

/// <summary>
/// Kindred Create cannot be installed here: a stand-in of its SDK (tests/freecad/kindred/standin,
/// kindred_sdk over kcsdk, behaving as Kindred documents them) sits in the Mod folder beside SiloMod,
/// where Kindred ships its own, so the workbench finds it at start-up as it would in Kindred Create.
/// </summary>
public sealed class KindredTests : IDisposable
{
    private readonly string _home = FreeCadProcess.CreateHome();

    public KindredTests()
    {
        var standIn = Path.Combine(RepoPaths.Scripts, "kindred", "standin");
        Directory.CreateSymbolicLink(Path.Combine(FreeCadSelection.UserModFolder(_home), "KindredSdkStandIn"), standIn);
    }

    [Fact]
    public async Task ContextSource_WithKindredSdk_FollowsItsHooks_BacksOutWithResetEdit_TracksRootObjectProperties()
    {
        var result = await FreeCadProcess.RunAsync("kindred/follow_contexts.py", new FreeCadOptions { Home = _home });

        result.AssertOk();
        result.AssertCheck("start-up source follows Kindred");
        result.AssertCheck("tracked through the root object");
        result.AssertCheck("enter sketch reported");
        result.AssertCheck("kindred's id reported with the facts");
        result.AssertCheck("partdesign.body reported with the facts");
        result.AssertCheck("no polling: nothing before Kindred tells");
        result.AssertCheck("body reported from Kindred's partdesign.body");
        result.AssertCheck("blocked: out of edit mode");
        if (FreeCadSelection.IsAtLeast("1.0"))
        {
            result.AssertCheck("tracked through the root assembly");
            result.AssertCheck("body in the assembly nests under it");
            result.AssertCheck("body and assembly left");
            result.AssertCheck("partdesign.in_assembly keeps the assembly");
            result.AssertCheck("unknown id: assembly left once settled");
        }
    }

    public void Dispose()
    {
        // Links first: deleting the folder must never walk into the repository behind them.
        var mods = FreeCadSelection.UserModFolder(_home);
        foreach (var link in new[] { "KindredSdkStandIn", FreeCadProcess.AddonName })
        {
            var path = Path.Combine(mods, link);
            if (Directory.Exists(path)) Directory.Delete(path);
        }

        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
