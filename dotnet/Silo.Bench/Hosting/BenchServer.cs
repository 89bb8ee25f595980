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
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDir;

    private BenchServer(WebApplication app, string dataDir, Uri baseAddress, string adminToken)
    {
        _app = app;
        _dataDir = dataDir;
        BaseAddress = baseAddress;
        AdminToken = adminToken;
    }

    public Uri BaseAddress { get; }

    /// <summary>The server's throw-away data directory (its database file lives here).</summary>
    public string DataDir => _dataDir;

    public string AdminToken { get; }

    /// <summary>The server's own services, for seeding rows faster than the API could create them.</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="settings">More server switches, e.g. <c>--session-ttl 24:00</c>.</param>
    public static async Task<BenchServer> StartAsync(CancellationToken ct, params string[] settings)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "silo-bench-" + Guid.NewGuid().ToString("N"));
        var app = SiloServer.Build(["--urls", "http://127.0.0.1:0", "--data-dir", dataDir, .. settings], b =>
        {
            b.Logging.ClearProviders();
            b.Logging.AddSimpleConsole();
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            // The first-start notice carrying the admin token (logged under the host's name) is noise here.
            b.Logging.AddFilter(b.Environment.ApplicationName, LogLevel.Error);
        });
        try
        {
            await app.StartAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var adminToken = (await File.ReadAllTextAsync(Path.Combine(dataDir, "admin-token"), ct)).Trim();
            return new BenchServer(app, dataDir, new Uri(address), adminToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A client with one HTTP/1.1 keep-alive connection (or up to <paramref name="connections"/>, one
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
            BaseAddress = BaseAddress,
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
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
