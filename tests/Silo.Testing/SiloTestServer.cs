using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Silo.Server.Hosting;
using Silo.Server.Json;

namespace Silo.Testing;

/// <summary>
/// The real Silo server on Kestrel, bound to 127.0.0.1 on an ephemeral port, with its own data
/// directory and a manual clock. Tests talk to it over loopback HTTP like any client would.
/// </summary>
public sealed class SiloTestServer : IAsyncDisposable
{
    private readonly string[] _extraArgs;
    private readonly bool _ownsDataDir;
    private WebApplication? _app;
    private int _port;

    private readonly Action<IServiceCollection>? _services;

    private SiloTestServer(string dataDir, bool ownsDataDir, string[] extraArgs, FakeTimeProvider clock, Action<IServiceCollection>? services = null)
    {
        _services = services;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
        _extraArgs = extraArgs;
        Clock = clock;
    }

    public string DataDir { get; }

    /// <summary>The PostgreSQL connection string of this server's own schema; null when it stores in SQLite.</summary>
    public string? Database { get; private set; }

    private string? _schema;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> DatabasesByDataDir = new(StringComparer.Ordinal);

    /// <summary>The PostgreSQL connection string of the server whose data directory this is; null for SQLite.</summary>
    public static string? DatabaseOf(string dataDir) => DatabasesByDataDir.GetValueOrDefault(dataDir);

    public FakeTimeProvider Clock { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is stopped.");

    /// <param name="args">Extra server switches, e.g. <c>--lock-ttl 01:00:00</c>.</param>
    public static Task<SiloTestServer> StartAsync(params string[] args) => StartAsync(services: null, args);

    /// <param name="services">Replaces or adds services, e.g. a fault injected into a commit.</param>
    public static async Task<SiloTestServer> StartAsync(Action<IServiceCollection>? services, params string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "silo-test-" + Guid.NewGuid().ToString("N"));
        var server = new SiloTestServer(dir, ownsDataDir: true, args, TestClock.New(), services);
        if (TestPostgres.Enabled)
        {
            server._schema = "silo_test_" + Guid.NewGuid().ToString("N");
            server.Database = await TestPostgres.CreateSchemaAsync(server._schema);
            DatabasesByDataDir[dir] = server.Database;
        }
        await server.StartAppAsync(port: 0);
        return server;
    }

    /// <summary>Stops Kestrel (dropping every open connection) and keeps the data directory.</summary>
    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Starts again on the same port and data directory, as after a server restart.</summary>
    public Task RestartAsync() => _app is null ? StartAppAsync(_port) : throw new InvalidOperationException("Stop the server first.");

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient AdminClient() => Client(AdminToken);

    /// <returns>The new user's bearer token.</returns>
    public async Task<string> CreateUserAsync(string username, string role)
    {
        using var admin = AdminClient();
        using var response = await admin.PostAsJsonAsync("/api/users", new { username, role }, SiloJson.Options);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(SiloJson.Options);
        return body.GetProperty("token").GetString()!;
    }

    public async Task CreateItemAsync(string partNumber, string category = "Brackets", string project = "Rover", string description = "Test part")
    {
        using var admin = AdminClient();
        using var response = await admin.PostAsJsonAsync("/api/items", new { part_number = partNumber, category, project, description }, SiloJson.Options);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>One maintenance pass now (expiry sweeps, pruning), as the timer would run it.</summary>
    public async Task RunMaintenanceAsync()
    {
        // A pass only runs on the instance leading the sweeps; a test that meant to sweep must not pass silently.
        if (!await Services.GetRequiredService<MaintenanceService>().RunOnceAsync(CancellationToken.None))
            throw new InvalidOperationException("This server does not lead the maintenance sweeps: another instance on its database does.");
    }

    private async Task StartAppAsync(int port)
    {
        // Maintenance runs when a test calls RunMaintenanceAsync, not whenever Clock.Advance happens
        // to cross a timer tick; a test that wants the timer passes its own --maintenance-interval.
        string[] database = Database is null ? [] : ["--database", Database];
        string[] args = ["--urls", $"http://127.0.0.1:{port}", "--data-dir", DataDir, "--maintenance-interval", "40.00:00:00", .. database, .. _extraArgs];
        var app = SiloServer.Build(args, b =>
        {
            b.Services.AddSingleton<TimeProvider>(Clock);
            _services?.Invoke(b.Services);
            b.Logging.ClearProviders();
            b.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error);
        });
        await app.StartAsync();
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        _port = BaseAddress.Port;
        AdminToken = (await File.ReadAllTextAsync(Path.Combine(DataDir, "admin-token"))).Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDataDir && Directory.Exists(DataDir))
        {
            try { Directory.Delete(DataDir, recursive: true); }
            catch (IOException) { }
        }
        if (_ownsDataDir && _schema is not null)
        {
            DatabasesByDataDir.TryRemove(DataDir, out _);
            await TestPostgres.DropSchemaAsync(_schema);
        }
    }
}
