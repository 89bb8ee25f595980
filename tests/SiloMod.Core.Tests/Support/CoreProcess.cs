using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace SiloMod.Core.Tests.Support;

/// <summary>
/// A workstation core in a child process (tests/SiloMod.CoreHost), over the folders it is given.
/// Its JSON output lines are kept in order; tests wait for the next one matching, and kill the
/// process with SIGKILL, which gives it no chance to clean up, as a crash or a power cut would not.
/// </summary>
internal sealed class CoreProcess : IAsyncDisposable
{
    private static readonly string HostDll = typeof(CoreProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CoreHostDll").Value!;

    private static readonly JsonSerializerOptions CommandJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly Process _process;
    private readonly List<JsonElement> _lines = [];
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _outputClosed;

    private CoreProcess(Process process) => _process = process;

    /// <param name="stopAt">A step of CoreSteps where the core freezes the first time it completes it; null to run freely.</param>
    public static CoreProcess Start(Uri server, string token, string stateDirectory, string projectsDirectory, string? stopAt = null,
        TimeSpan? reconnectDelay = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(HostDll);
        info.Environment["SILOMOD_HOST_SERVER"] = server.ToString();
        info.Environment["SILOMOD_HOST_TOKEN"] = token;
        info.Environment["SILOMOD_HOST_STATE"] = stateDirectory;
        info.Environment["SILOMOD_HOST_PROJECTS"] = projectsDirectory;
        info.Environment["SILOMOD_HOST_STOP_AT"] = stopAt ?? "";
        info.Environment["SILOMOD_HOST_RECONNECT_MS"] = reconnectDelay is { } d ? ((int)d.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var core = new CoreProcess(process);
        process.OutputDataReceived += (_, e) => core.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (core._gate) core._stderr.AppendLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return core;
    }

    public int Id => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_gate) return _stderr.ToString();
        }
    }

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<JsonElement> Lines
    {
        get
        {
            lock (_gate) return [.. _lines];
        }
    }

    /// <summary>The lines of one kind so far.</summary>
    public IReadOnlyList<JsonElement> Of(string kind) => [.. Lines.Where(l => Kind(l) == kind)];

    public static string? Kind(JsonElement line) => line.TryGetProperty("kind", out var kind) ? kind.GetString() : null;

    /// <summary>The first line of <paramref name="kind"/> matching, at index <paramref name="from"/> or later, waiting for it up to <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">None came in time, or the process ended first; the message holds its output.</exception>
    public Task<JsonElement> WaitForAsync(string kind, Func<JsonElement, bool>? match = null, int from = 0, TimeSpan? timeout = null) =>
        WaitForAnyAsync([kind], match, from, timeout);

    /// <summary>The first line of any of <paramref name="kinds"/> matching (e.g. the expected one, or the failure that rules it out).</summary>
    public async Task<JsonElement> WaitForAnyAsync(IReadOnlyCollection<string> kinds, Func<JsonElement, bool>? match = null, int from = 0, TimeSpan? timeout = null)
    {
        var kind = string.Join(" or ", kinds);
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (var i = from; i < _lines.Count; i++)
                    if (kinds.Contains(Kind(_lines[i])) && (match?.Invoke(_lines[i]) ?? true)) return _lines[i];
                if (_outputClosed) throw new TimeoutException($"The core (pid {Id}) ended its output before a '{kind}' line.\n{Describe()}");
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No '{kind}' line from the core (pid {Id}) in time.\n{Describe()}");
            }
        }
    }

    /// <summary>The number of lines so far: a mark for <see cref="WaitForAsync"/>'s <c>from</c>.</summary>
    public int Mark()
    {
        lock (_gate) return _lines.Count;
    }

    public async Task SendAsync(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command, CommandJson));
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Asks the core to stop cleanly and waits for the process to end.</summary>
    public async Task QuitAsync(TimeSpan? timeout = null)
    {
        await SendAsync(new { Cmd = "quit" });
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(limit.Token);
    }

    /// <summary>SIGKILL, then waits for the process to be gone (its file locks go with it).</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>The last lines and standard error, for a failure message.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return "--- last output ---\n" + string.Join('\n', _lines.TakeLast(30).Select(l => l.GetRawText())) + "\n--- stderr ---\n" + _stderr;
        }
    }

    private void OnLine(string? line)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            // Null: standard output closed, the process is ending.
            if (line is null) _outputClosed = true;
            else if (!string.IsNullOrWhiteSpace(line))
            {
                try
                {
                    _lines.Add(JsonDocument.Parse(line).RootElement.Clone());
                }
                catch (JsonException)
                {
                    _stderr.AppendLine("(stdout) " + line);
                }
            }
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
