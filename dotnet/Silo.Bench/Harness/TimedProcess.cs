using System.Diagnostics;

namespace Silo.Bench.Harness;

/// <summary>Runs a command-line program (the baselines: sha256sum, cp; or a child probe) and times it.</summary>
public static class TimedProcess
{
    /// <returns>Elapsed Stopwatch ticks and the program's standard output.</returns>
    public static async Task<(long Ticks, string Output)> RunAsync(string program, string[] args, CancellationToken ct,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var begun = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var elapsed = Stopwatch.GetTimestamp() - begun;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await stderr}{await stdout}");
        return (elapsed, await stdout);
    }
}
