using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Silo.Bench.Harness;

namespace Silo.Bench.Team;

/// <summary>
/// The Silo server as its own process (the same Silo.Server.dll this program references), so its
/// CPU time and memory can be read apart from the load generator's. It can be stopped and started
/// again on the same port and data directory, as an operator restarts it.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly string _dataDir;
    private readonly string[] _settings;
    private Process? _process;

    private ServerProcess(string dataDir, int port, string[] settings)
    {
        _dataDir = dataDir;
        _settings = settings;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    public string AdminToken { get; private set; } = "";

    public int ProcessId => _process?.Id ?? 0;

    public static async Task<ServerProcess> StartAsync(CancellationToken ct, params string[] settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "silo-bench-team-" + Guid.NewGuid().ToString("N"));
        var server = new ServerProcess(dataDir, FreePort(), settings);
        await server.LaunchAsync(ct);
        server.AdminToken = (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin-token"), ct)).Trim();
        return server;
    }

    private long _earlierRunsTicks;

    /// <summary>User + system CPU time of the server's current run so far, in clock ticks (100 per second).</summary>
    public long CpuTicks => _process is null ? 0 : MachineLoad.ProcessTicks(_process.Id);

    /// <summary>The same over every run of this server, restarts included.</summary>
    public long TotalCpuTicks => _earlierRunsTicks + CpuTicks;

    /// <summary>Resident memory now and at its peak, in bytes (from /proc/PID/status).</summary>
    public (long Rss, long Peak) Memory()
    {
        if (_process is null) return (0, 0);
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line) * 1024;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) * 1024;
        }
        return (rss, peak);
    }

    /// <summary>Stops the process the way a service manager does (SIGTERM, then wait).</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        _earlierRunsTicks += CpuTicks;
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        _process = null;
    }

    public Task RestartAsync(CancellationToken ct) => LaunchAsync(ct);

    private async Task LaunchAsync(CancellationToken ct)
    {
        var dll = typeof(Silo.Server.Hosting.SiloServer).Assembly.Location;
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", BaseAddress.AbsoluteUri.TrimEnd('/'), "--data-dir", _dataDir, .. _settings])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Warnings and errors only: the server's request log would cost the machine more than the requests.
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        _process = Process.Start(info) ?? throw new InvalidOperationException("The server process did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"  [server] {line}");
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited) throw new InvalidOperationException($"The server exited with {_process.ExitCode} while starting.");
            try
            {
                using var response = await probe.GetAsync(new Uri("health", UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("The server did not answer /health within 60 s.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
