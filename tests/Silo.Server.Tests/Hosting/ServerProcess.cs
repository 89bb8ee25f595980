using System.Diagnostics;
using System.Text;

namespace Silo.Server.Tests.Hosting;

/// <summary>
/// The built server run as its own process (<c>dotnet Silo.Server.dll …</c>), as an operator
/// starts it: for what only a process shows, its exit code, its messages and its environment.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_lock) return _output.ToString();
        }
    }

    public string Errors
    {
        get
        {
            lock (_lock) return _errors.ToString();
        }
    }

    /// <param name="environment">SILO_ variables for the process; the test process's own are never passed on.</param>
    public static ServerProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Silo.Server.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("SILO_", StringComparison.OrdinalIgnoreCase)).ToList()) info.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        info.Environment["DOTNET_NOLOGO"] = "1";

        var server = new ServerProcess(new Process { StartInfo = info });
        server._process.OutputDataReceived += (_, e) => server.Received(e.Data, server._output);
        server._process.ErrorDataReceived += (_, e) => server.Received(e.Data, server._errors);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <returns>The exit code, once the process has ended on its own.</returns>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <returns>The address the server says it listens on; fails if it exits or stays silent.</returns>
    public async Task<string> ListeningAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var exited = _process.WaitForExitAsync(cancel.Token);
        var first = await Task.WhenAny(_listening.Task, exited).WaitAsync(cancel.Token);
        if (first != _listening.Task) Assert.Fail($"The server exited ({_process.ExitCode}) instead of listening: {Errors}{Output}");
        return await _listening.Task;
    }

    private void Received(string? line, StringBuilder into)
    {
        if (line is null) return;
        lock (_lock) into.AppendLine(line);
        const string marker = "Now listening on: ";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0) _listening.TrySetResult(line[(at + marker.Length)..].Trim());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
