using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SiloMod.FreeCAD.Tests;

public sealed record FreeCadOptions
{
    /// <summary>true: <c>xvfb-run … freecad script</c>; false: <c>freecadcmd script</c>.</summary>
    public bool Gui { get; init; } = true;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(180);

    public Uri? ServerUrl { get; init; }

    public string? Token { get; init; }

    public string? User { get; init; }

    /// <summary>Free-form arguments for the script (SILOMOD_ARGS), serialized as JSON.</summary>
    public object? Args { get; init; }

    /// <summary>
    /// Where xvfb-run starts looking for a free display (its -n). Give two FreeCADs running at the
    /// same time different numbers: -a alone races when both start together.
    /// </summary>
    public int ServerNumber { get; init; } = 99;

    /// <summary>The HOME to use; by default a fresh one per run. Pass the same one to act as the same workstation twice.</summary>
    public string? Home { get; init; }

    /// <summary>Extra environment variables for FreeCAD (e.g. SILOMOD_AUTO_ANSWER_BLOCKED).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Runs one script inside a real FreeCAD with the addon linked in as Mod/SiloMod of a private HOME,
/// and reads the result file the script writes. FreeCAD exits 0 even when a script raises, so a
/// missing result file is a failure with FreeCAD's output attached.
/// </summary>
public static class FreeCadProcess
{
    public const string AddonName = "SiloMod";

    /// <summary>A HOME whose FreeCAD user Mod folder holds the repository as the SiloMod addon.</summary>
    public static string CreateHome()
    {
        var home = Path.Combine(Path.GetTempPath(), "silomod-freecad-" + Guid.NewGuid().ToString("N")[..12]);
        var mods = FreeCadSelection.UserModFolder(home);
        Directory.CreateDirectory(mods);
        Directory.CreateSymbolicLink(Path.Combine(mods, AddonName), RepoPaths.Root);
        return home;
    }

    /// <param name="script">Relative to tests/freecad, e.g. <c>workbench/activate.py</c>.</param>
    public static async Task<FreeCadResult> RunAsync(string script, FreeCadOptions? options = null, CancellationToken ct = default)
    {
        options ??= new FreeCadOptions();
        var scriptPath = Path.Combine(RepoPaths.Scripts, script);
        Assert.True(File.Exists(scriptPath), $"No script {scriptPath}");
        Assert.True(File.Exists(Path.Combine(RepoPaths.BridgeOutput, "SiloMod.Bridge.dll")),
            $"SiloMod.Bridge is not built in {RepoPaths.BridgeOutput}: build the solution in Release first.");

        var ownsHome = options.Home is null;
        var home = options.Home ?? CreateHome();
        var resultPath = Path.Combine(home, $"result-{Guid.NewGuid():N}.json");
        var psi = StartInfo(options, scriptPath);
        psi.Environment["HOME"] = home;
        psi.Environment["QTWEBENGINE_DISABLE_SANDBOX"] = "1";
        psi.Environment["SILOMOD_RESULT"] = resultPath;
        psi.Environment["SILOMOD_SCREENSHOTS"] = RepoPaths.Screenshots;
        psi.Environment["SILOMOD_REPO"] = RepoPaths.Root;
        psi.Environment["SILOMOD_ARGS"] = JsonSerializer.Serialize(options.Args ?? new { });
        if (options.ServerUrl is not null) psi.Environment["SILOMOD_SERVER_URL"] = options.ServerUrl.ToString();
        if (options.Token is not null) psi.Environment["SILOMOD_TOKEN"] = options.Token;
        if (options.User is not null) psi.Environment["SILOMOD_USER"] = options.User;
        foreach (var (name, value) in options.Environment) psi.Environment[name] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            // xvfb-run, Xvfb and FreeCAD (with its QtWebEngine helpers) all go.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        string text;
        lock (output) text = output.ToString();
        try
        {
            if (!File.Exists(resultPath))
            {
                Assert.Fail($"{script} wrote no result ({(timedOut ? $"killed after {options.Timeout}" : $"exit code {process.ExitCode}")}).\n" +
                            $"--- FreeCAD output (tail) ---\n{FreeCadResult.Tail(text, 80)}");
            }

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(resultPath, ct));
            var root = json.RootElement;
            // A wrong FreeCAD would pass or fail for reasons that have nothing to do with the selection.
            var version = root.TryGetProperty("freecad_version", out var ran) ? ran.GetString() : null;
            Assert.True(version == FreeCadSelection.Version,
                $"{script} ran in FreeCAD {version ?? "(unreported)"}, but {FreeCadSelection.Variable} selects {FreeCadSelection.Version}.");
            return new FreeCadResult
            {
                Ok = root.GetProperty("ok").GetBoolean(),
                Checks = root.GetProperty("checks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetBoolean()),
                Details = root.TryGetProperty("details", out var details) ? details.Clone() : default,
                Error = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null,
                Output = text,
            };
        }
        finally
        {
            if (ownsHome) TryDelete(home);
        }
    }

    private static ProcessStartInfo StartInfo(FreeCadOptions options, string scriptPath)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        if (options.Gui)
        {
            var display = (options.ServerNumber + FreeCadSelection.DisplayOffset).ToString(System.Globalization.CultureInfo.InvariantCulture);
            FreeCadSelection.SetCommand(psi, "xvfb-run", ["-a", "-n", display, "-s", "-screen 0 1600x1000x24", "freecad", scriptPath]);
        }
        else
        {
            FreeCadSelection.SetCommand(psi, "freecadcmd", [scriptPath]);
        }

        return psi;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            // The Mod/SiloMod symlink is removed as a link; the repository behind it is untouched.
            var link = Path.Combine(FreeCadSelection.UserModFolder(dir), AddonName);
            if (Directory.Exists(link)) Directory.Delete(link);
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
