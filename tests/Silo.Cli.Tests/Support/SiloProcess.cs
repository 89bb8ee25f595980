using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Silo.Cli.Tests.Support;

/// <summary>What one run of the silo executable did.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built silo executable as a child process, with its own environment, and captures what it prints.</summary>
public static class SiloProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static string DllPath { get; } = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SiloCliDll").Value!;

    /// <param name="interruptWhen">When given, Ctrl+C (SIGINT) is sent to silo as soon as it completes.</param>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, IEnumerable<string> args, string? stdin = null,
        Func<Task>? interruptWhen = null)
    {
        Assert.True(File.Exists(DllPath), $"The silo build output is missing: {DllPath}");
        // The SDK tells test hosts which dotnet runs them; the same one runs silo.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("SILO_", StringComparison.Ordinal) || k == "XDG_CONFIG_HOME").ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            if (interruptWhen is not null)
            {
                await interruptWhen().WaitAsync(timeout.Token);
                Assert.Equal(0, Kill(process.Id, SigInt));
            }
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"silo {string.Join(' ', args)} did not finish within {Limit}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private const int SigInt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
