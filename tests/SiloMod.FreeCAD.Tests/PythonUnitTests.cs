using System.Diagnostics;

namespace SiloMod.FreeCAD.Tests;

/// <summary>Runs a folder of plain-Python unit tests (no FreeCAD) with the Python FreeCAD uses.</summary>
internal static class PythonUnitTests
{
    public static async Task AssertPassAsync(string folder, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // In the chroot that is forky's Python 3.14, the one FreeCAD 1.1 embeds.
        FreeCadSelection.SetCommand(psi, "/usr/bin/python3", ["-m", "unittest", "discover", "-s", folder, "-p", "test_*.py"]);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        // unittest reports on stderr: "Ran N tests in …" then "OK" (or "FAILED (…)").
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"unittest exited {process.ExitCode}:\n{output}");
        Assert.Matches(@"(?m)^Ran [1-9]\d* tests? in ", output);
        Assert.Matches(@"(?m)^OK\s*$", output);
    }
}
