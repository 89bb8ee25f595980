using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Silo.Server.Hosting;
using Silo.Testing;

namespace Silo.Server.Tests.Hosting;

/// <summary>
/// The real server on loopback with its production logging set-up (levels, filters), only the
/// console swapped for a <see cref="LogCapture"/>. SiloTestServer quiets the log for other tests;
/// these read it.
/// </summary>
internal sealed class LoggedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoggedServer(WebApplication app, string dataDir, LogCapture log)
    {
        _app = app;
        DataDir = dataDir;
        Log = log;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        AdminToken = File.ReadAllText(Path.Combine(dataDir, "admin-token")).Trim();
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string DataDir { get; }

    public LogCapture Log { get; }

    public Uri BaseAddress { get; }

    public string AdminToken { get; }

    /// <summary>One client without a default token: requests ride one connection, one after another.</summary>
    public HttpClient Client { get; }

    public static async Task<LoggedServer> StartAsync()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "silo-log-test-" + Guid.NewGuid().ToString("N"));
        var log = new LogCapture();
        var app = SiloServer.Build(["--urls", "http://127.0.0.1:0", "--data-dir", dataDir, "--maintenance-interval", "40.00:00:00"], b =>
        {
            b.Services.AddSingleton<TimeProvider>(TestClock.New());
            b.Logging.ClearProviders();
            b.Logging.AddProvider(log);
        });
        await app.StartAsync();
        return new LoggedServer(app, dataDir, log);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); }
        catch (IOException) { }
    }
}
