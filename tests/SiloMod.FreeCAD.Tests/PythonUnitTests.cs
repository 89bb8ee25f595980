using System.Diagnostics;

namespace SiloMod.FreeCAD.Tests;

/// <summary>Runs a folder of plain-Python unit tests (no FreeCAD) with the Python FreeCAD uses.</summary>
internal static class PythonUnitTests
{
    public static async Task AssertPassAsync(string folder, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-m", "unittest", "discover", "-s", folder, "-p", "test_*.py" })
            psi.ArgumentList.Add(arg);
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
