using System.Diagnostics;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Bench.Workbench;

/// <summary>
/// The FreeCAD GUI under Xvfb, with this checkout linked in as the SiloMod addon of a private HOME,
/// running one script that writes its figures to a JSON file. Which FreeCAD is the tests' choice,
/// <see cref="FreeCadSelection"/>: the host's 0.20, or 1.1 in the forky chroot with SILOMOD_FREECAD=1.1.
/// </summary>
internal static class GuiFreeCad
{
    public static string RepoRoot => RepositoryRoot.Path;

    public static string Version => FreeCadSelection.Version;

    public static string BridgeAssembly => Path.Combine(RepoRoot, "dotnet", "SiloMod.Bridge", "bin", "Release", "net10.0", "SiloMod.Bridge.dll");

    /// <summary>Why FreeCAD cannot run here, or null when it can.</summary>
    public static string? Missing()
    {
        if (FreeCadSelection.InChroot)
        {
            var chroot = Path.Combine(RepoRoot, "tests", "freecad", "chroot", "forky.sh");
            using var check = Process.Start(new ProcessStartInfo(chroot, ["check"]) { RedirectStandardOutput = true, RedirectStandardError = true });
            check?.WaitForExit();
            if (check is null || check.ExitCode != 0) return "the FreeCAD 1.1 chroot is not built: run `tests/freecad/chroot/forky.sh ensure` first";
        }
        else foreach (var program in new[] { "freecad", "xvfb-run" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, program)));
            if (!found) return $"{program} is not on PATH";
        }
        return File.Exists(BridgeAssembly) ? null : $"no {BridgeAssembly}: run `dotnet build SiloMod.sln -c Release` first";
    }

    /// <returns>The script's JSON result.</returns>
    public static async Task<JsonElement> RunAsync(string script, object args, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, CancellationToken ct)
    {
        var home = Path.Combine(Path.GetTempPath(), "silo-bench-freecad-" + Guid.NewGuid().ToString("N")[..12]);
        var mods = FreeCadSelection.UserModFolder(home);
        Directory.CreateDirectory(mods);
        Directory.CreateSymbolicLink(Path.Combine(mods, "SiloMod"), RepoRoot);
        var resultPath = Path.Combine(home, "result.json");
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot,
        };
        var display = (99 + FreeCadSelection.DisplayOffset).ToString(System.Globalization.CultureInfo.InvariantCulture);
        FreeCadSelection.SetCommand(psi, "xvfb-run", ["-a", "-n", display, "-s", "-screen 0 1600x1000x24", "freecad", script]);
        psi.Environment["HOME"] = home;
        psi.Environment["QTWEBENGINE_DISABLE_SANDBOX"] = "1";
        psi.Environment["SILOMOD_REPO"] = RepoRoot;
        psi.Environment["SILOMOD_RESULT"] = resultPath;
        psi.Environment["SILOMOD_ARGS"] = JsonSerializer.Serialize(args);
        foreach (var (name, value) in environment) psi.Environment[name] = value;

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("xvfb-run did not start.");
        // Read while it runs, or FreeCAD blocks on a full pipe; only the tail is shown, on failure.
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                // xvfb-run, Xvfb and FreeCAD all go.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                ct.ThrowIfCancellationRequested();
            }

            var text = await stdout + await stderr;
            if (!File.Exists(resultPath))
                throw new InvalidOperationException($"FreeCAD wrote no result (exit code {process.ExitCode}); its output ended with:\n{Tail(text, 40)}");
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(resultPath, ct));
            var root = json.RootElement.Clone();
            if (root.GetProperty("error").GetString() is { } error)
                throw new InvalidOperationException($"The script failed:\n{error}\nFreeCAD's output ended with:\n{Tail(text, 20)}");
            return root;
        }
        finally
        {
            try
            {
                // The symlink goes as a link; the checkout behind it is untouched.
                Directory.Delete(Path.Combine(mods, "SiloMod"));
                Directory.Delete(home, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string Tail(string text, int lines) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));
}
