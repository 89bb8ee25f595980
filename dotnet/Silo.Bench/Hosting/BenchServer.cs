using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Silo.Server.Hosting;
using Silo.Server.Json;

namespace Silo.Bench.Hosting;

/// <summary>
/// The real Silo server (same composition root as Program.cs) on Kestrel, 127.0.0.1, an ephemeral
/// port and a throw-away data directory; clients reach it over loopback HTTP like any other.
/// Several instances over one PostgreSQL database (<see cref="StartInstancesAsync"/>) share that
/// data directory, and each new client goes to the next instance in turn.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication[] _apps;
    private readonly string _dataDir;
    private readonly Func<ValueTask>? _afterStop;
    private int _nextInstance = -1;

    private BenchServer(WebApplication[] apps, string dataDir, Uri[] baseAddresses, string adminToken, Func<ValueTask>? afterStop)
    {
        _apps = apps;
        _dataDir = dataDir;
        BaseAddresses = baseAddresses;
        AdminToken = adminToken;
        _afterStop = afterStop;
    }

    /// <summary>The first instance's address.</summary>
    public Uri BaseAddress => BaseAddresses[0];

    public IReadOnlyList<Uri> BaseAddresses { get; }

    /// <summary>The server's throw-away data directory (its database file lives here).</summary>
    public string DataDir => _dataDir;

    public string AdminToken { get; }

    /// <summary>The server's own services, for seeding rows faster than the API could create them.</summary>
    public IServiceProvider Services => _apps[0].Services;

    /// <param name="settings">More server switches, e.g. <c>--session-ttl 24:00</c>.</param>
    public static Task<BenchServer> StartAsync(CancellationToken ct, params string[] settings) =>
        StartInstancesAsync(1, null, ct, settings);

    /// <summary>
    /// <paramref name="instances"/> servers in this process, each on its own port, over one database
    /// given by <paramref name="settings"/> (<c>--database</c>) and one data directory for blobs and keys.
    /// </summary>
    /// <param name="afterStop">Runs once every instance has stopped, e.g. to drop the database.</param>
    public static async Task<BenchServer> StartInstancesAsync(int instances, Func<ValueTask>? afterStop, CancellationToken ct, params string[] settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "silo-bench-" + Guid.NewGuid().ToString("N"));
        var apps = new List<WebApplication>(instances);
        try
        {
            // One after another: the first migrates the database and creates the admin.
            for (var i = 0; i < instances; i++)
            {
                var app = SiloServer.Build(["--urls", "http://127.0.0.1:0", "--data-dir", dataDir, .. settings], b =>
                {
                    b.Logging.ClearProviders();
                    b.Logging.AddSimpleConsole();
                    b.Logging.SetMinimumLevel(LogLevel.Warning);
                    // The first-start notice carrying the admin token (logged under the host's name) is noise here.
                    b.Logging.AddFilter(b.Environment.ApplicationName, LogLevel.Error);
                });
                apps.Add(app);
                await app.StartAsync(ct);
            }
            var addresses = apps.Select(a => new Uri(a.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())).ToArray();
            var adminToken = (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin-token"), ct)).Trim();
            return new BenchServer([.. apps], dataDir, addresses, adminToken, afterStop);
        }
        catch
        {
            foreach (var app in apps) await app.DisposeAsync();
            if (afterStop is not null) await afterStop();
            throw;
        }
    }

    /// <summary>
    /// A client of the next instance in turn, with one HTTP/1.1 keep-alive connection (or up to <paramref name="connections"/>, one
    /// per request in flight, for event streams), opened on first use and kept for the whole run. No default Authorization header: each request carries the token it needs, if any.
    /// </summary>
    /// <param name="timeout">Per request; the default 30 s suits everything but large uploads.</param>
    public HttpClient CreateClient(TimeSpan? timeout = null, int connections = 1) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        }, disposeHandler: true)
        {
            BaseAddress = BaseAddresses[(int)((uint)Interlocked.Increment(ref _nextInstance) % (uint)BaseAddresses.Count)],
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };

    /// <returns>The new editor's bearer token.</returns>
    public async Task<string> CreateEditorAsync(HttpClient admin, string username, CancellationToken ct)
    {
        using var response = await SendAsAdminAsync(admin, "/api/users", new { username, role = "editor" }, ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(SiloJson.Options, ct);
        return body.GetProperty("token").GetString() ?? throw new InvalidOperationException("The new user has no token.");
    }

    public async Task CreateItemAsync(HttpClient admin, string partNumber, CancellationToken ct)
    {
        using var _ = await SendAsAdminAsync(admin, "/api/items",
            new { part_number = partNumber, category = "Bench", project = "Bench", description = "Benchmark part" }, ct);
    }

    private async Task<HttpResponseMessage> SendAsAdminAsync(HttpClient admin, string path, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: SiloJson.Options) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        var response = await admin.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        if (_afterStop is not null) await _afterStop();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
