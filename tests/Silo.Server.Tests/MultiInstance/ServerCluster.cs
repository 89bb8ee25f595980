using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Silo.Server.Tests.Hosting;
using Silo.Testing;

namespace Silo.Server.Tests.MultiInstance;

/// <summary>
/// N server processes (<c>dotnet Silo.Server.dll</c>) over one database and one data directory
/// (the shared blob folder, signing key and admin token), each on its own loopback port. An
/// instance can be SIGKILLed and started again on the same port, as an operator's supervisor would.
/// </summary>
internal sealed class ServerCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ClusterStorage _storage;
    private readonly string[] _args;
    private readonly int[] _ports;
    private readonly ServerProcess?[] _processes;
    private readonly Lock _lock = new();
    // What killed instances said before they died; running ones are read when asked.
    private readonly System.Text.StringBuilder _pastLogs = new();
    // Completed while at least one instance answers; replaced when the last one goes down.
    private TaskCompletionSource _anyRunning = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerCluster(ClusterStorage storage, string dataDir, string[] args, int instances)
    {
        _storage = storage;
        DataDir = dataDir;
        _args = args;
        _ports = Enumerable.Range(0, instances).Select(_ => FreePort()).ToArray();
        _processes = new ServerProcess?[instances];
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public int Count => _ports.Length;

    public string DataDir { get; }

    public string AdminToken { get; private set; } = "";

    /// <summary>One connection pool for every simulated client; each request names its instance and token.</summary>
    public HttpClient Http { get; }

    public ClusterStorage Storage => _storage;

    /// <param name="args">Extra server switches for every instance, e.g. <c>--session-ttl 00:00:02</c>.</param>
    public static async Task<ServerCluster> StartAsync(ClusterStorage storage, int instances, params string[] args)
    {
        if (instances > 1 && !storage.IsPostgres)
            throw new ArgumentException("Several instances need a shared database: set " + TestPostgres.Variable + ".", nameof(instances));
        var dataDir = Path.Combine(Path.GetTempPath(), "silo-mi-" + Guid.NewGuid().ToString("N"));
        var cluster = new ServerCluster(storage, dataDir, args, instances);
        try
        {
            // The first instance alone: it migrates the database and creates the admin, whose
            // token file the others (and the tests) then read from the shared data directory.
            await cluster.StartInstanceAsync(0, firstStart: true);
            cluster.AdminToken = (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin-token"))).Trim();
            await Task.WhenAll(Enumerable.Range(1, instances - 1).Select(i => cluster.StartInstanceAsync(i, firstStart: true)));
            if (storage.IsPostgres && await storage.TableCountAsync(CancellationToken.None) == 0)
                Assert.Fail($"The instances started but created no tables in {storage.Description}: the server ignored SILO_DATABASE.");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public Uri Address(int instance) => new($"http://127.0.0.1:{_ports[instance]}");

    public bool IsRunning(int instance)
    {
        lock (_lock) return _processes[instance] is not null;
    }

    /// <summary>A uniformly random instance, running or not: a client does not know which are down.</summary>
    public int RandomInstance() => Random.Shared.Next(Count);

    /// <summary>A request to one instance with a user's token; the caller disposes it after sending.</summary>
    public HttpRequestMessage Request(int instance, HttpMethod method, string pathAndQuery, string? token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(Address(instance), pathAndQuery)) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>Completes once some instance is running: where a client with nowhere to go waits.</summary>
    public Task AnyRunningAsync(CancellationToken ct)
    {
        lock (_lock) return _anyRunning.Task.WaitAsync(ct);
    }

    /// <summary>SIGKILL: no shutdown, no flush, open requests cut mid-way.</summary>
    public async Task KillAsync(int instance)
    {
        ServerProcess? process;
        lock (_lock)
        {
            process = _processes[instance];
            _processes[instance] = null;
            if (_processes.All(p => p is null) && _anyRunning.Task.IsCompleted)
                _anyRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        if (process is null) return;
        // Process.Kill sends SIGKILL on Unix.
        await process.DisposeAsync();
        lock (_lock) _pastLogs.Append(process.Errors).Append(process.Output);
    }

    /// <summary>
    /// The distinct exceptions every instance reported on its console (warnings and errors only,
    /// see <see cref="StartInstanceAsync"/>), most frequent first, for a test's output when requests failed.
    /// </summary>
    public IReadOnlyList<string> Failures(int max)
    {
        string text;
        lock (_lock) text = _pastLogs + string.Concat(_processes.OfType<ServerProcess>().Select(p => p.Errors + p.Output));
        return text.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("Exception (", StringComparison.Ordinal) || l.Contains("Exception: ", StringComparison.Ordinal))
            .GroupBy(l => l).OrderByDescending(g => g.Count()).Take(max).Select(g => $"{g.Count()} × {g.Key}").ToList();
    }

    /// <summary>Starts a killed instance again on its port, and returns once it listens.</summary>
    public Task RestartAsync(int instance) =>
        IsRunning(instance) ? throw new InvalidOperationException($"Instance {instance} is running.") : StartInstanceAsync(instance, firstStart: false);

    /// <param name="firstStart">The port is not yet the instance's: if another process took it before the server could, another is picked.</param>
    private async Task StartInstanceAsync(int instance, bool firstStart)
    {
        var environment = new Dictionary<string, string>
        {
            // Only the line that says where it listens, and what goes wrong: one line per request
            // would cost the two cores more than the requests themselves.
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        };
        if (_storage.ConnectionString is { } database) environment["SILO_DATABASE"] = database;

        for (var attempt = 1; ; attempt++)
        {
            string[] args = ["--urls", Address(instance).ToString().TrimEnd('/'), "--data-dir", DataDir, .. _args];
            var process = ServerProcess.Start(args, environment);
            try
            {
                await process.ListeningAsync(StartTimeout);
            }
            catch when (firstStart && attempt < 3 && process.Errors.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // FreePort() only found the port free; something else bound it before the server did.
                await process.DisposeAsync();
                _ports[instance] = FreePort();
                continue;
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
            lock (_lock)
            {
                _processes[instance] = process;
                _anyRunning.TrySetResult();
            }
            return;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < Count; i++) await KillAsync(i);
        Http.Dispose();
        try
        {
            if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
