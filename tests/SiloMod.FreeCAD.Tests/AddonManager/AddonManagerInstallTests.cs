namespace SiloMod.FreeCAD.Tests.AddonManager;

/// <summary>
/// SiloMod installed the way a user installs it: the repository, served over loopback as a custom
/// repository, installed by the selected FreeCAD's own Addon Manager through the code behind its
/// Install button (offline its window cannot load its catalogue: install.py says how it stands in),
/// into the Mod folder a new user of that FreeCAD gets, with no warning about missing requirements
/// (FreeCAD 0.20 reads any package.xml dependency as a required workbench); a fresh FreeCAD then
/// activates the workbench from there. FreeCAD 0.20 clones with GitPython (Debian's python3-git;
/// without it 0.20 cannot install from a host it does not know); FreeCAD 1.x downloads the branch
/// as a zip archive.
/// </summary>
public sealed class AddonManagerInstallTests : IDisposable
{
    // A user's HOME with nothing in its Mod folder: the Addon Manager puts SiloMod there.
    private readonly string _home = Directory.CreateTempSubdirectory("silomod-addon-home-").FullName;

    [Fact]
    public async Task AddonManager_InstallsCustomRepository_IntoThisFreeCADsModFolder_AndTheWorkbenchActivates()
    {
        // No Mod folder yet: where the Addon Manager creates one is where this FreeCAD looks for addons.
        await using var host = await LoopbackGitHost.StartAsync(RepoPaths.Root);
        var args = new { url = host.Url.ToString(), branch = LoopbackGitHost.Branch, name = LoopbackGitHost.Name };

        var install = await FreeCadProcess.RunAsync("addon_manager/install.py", new FreeCadOptions
        {
            Home = _home,
            Args = args,
            Timeout = TimeSpan.FromSeconds(420),
        });

        install.AssertOk();
        install.AssertCheck("dependency check passed");
        install.AssertCheck("success reported");
        install.AssertCheck("no warning dialog");
        install.AssertCheck("installed into this FreeCAD's Mod folder");
        var installed = Path.Combine(FreeCadSelection.UserModFolder(_home), LoopbackGitHost.Name);
        Assert.True(File.Exists(Path.Combine(installed, "package.xml")), $"Nothing installed in {installed}");
        var requests = host.Requests;
        if (FreeCadSelection.IsAtLeast("1.0"))
            Assert.Contains(requests, r => r.EndsWith($"/-/archive/{LoopbackGitHost.Branch}/{LoopbackGitHost.Name}-{LoopbackGitHost.Branch}.zip", StringComparison.Ordinal));
        else
            Assert.Contains(requests, r => r.Contains("/info/refs", StringComparison.Ordinal));

        var activated = await FreeCadProcess.RunAsync("addon_manager/activate_installed.py", new FreeCadOptions
        {
            Home = _home,
            Args = new { name = LoopbackGitHost.Name },
            Environment = new Dictionary<string, string> { ["SILOMOD_BRIDGE_DIR"] = RepoPaths.BridgeOutput },
        });

        activated.AssertOk();
        activated.AssertCheck("loaded from the installed copy");
        activated.AssertCheck("workbench active");
        activated.AssertCheck("runtime started after activation");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
