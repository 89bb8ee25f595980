using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Silo.Server.Events;
using Silo.Server.Hosting;
using Silo.Testing;

namespace Silo.Server.Tests.Hosting;

/// <summary>
/// A whole server on a real PostgreSQL (the suite's PostgreSQL pass), which wires itself with
/// <see cref="PostgresCoordination.AddPostgresCoordination"/>; "another instance" is a second
/// data source on the same silo.
/// </summary>
public sealed class PostgresCoordinationTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private NpgsqlDataSource? _otherInstance;
    private SiloTestServer? _server;

    public async Task InitializeAsync()
    {
        if (!TestPostgres.Enabled) return;
        _server = await SiloTestServer.StartAsync();
        _otherInstance = NpgsqlDataSource.Create(_server.Database!);
    }

    [PostgresFact]
    public async Task Commit_ThatAppendsEvents_WakesAnotherInstancesListener()
    {
        var otherInstance = new EventNotifier();
        using var listener = new PostgresEventListener(_otherInstance!, otherInstance, TimeProvider.System, NullLogger<PostgresEventListener>.Instance);
        var listening = otherInstance.NextAsync();
        await listener.StartAsync(CancellationToken.None);
        await listening.WaitAsync(Timeout);
        var woken = otherInstance.NextAsync();

        await _server!.CreateItemAsync("PRT-1");

        await woken.WaitAsync(Timeout);
        await listener.StopAsync(CancellationToken.None);
    }

    [PostgresFact]
    public async Task RunMaintenance_ServerLeads_AnotherInstanceTakesOverOnceTheServerStops()
    {
        await using var other = new PostgresMaintenanceLeadership(_otherInstance!, NullLogger<PostgresMaintenanceLeadership>.Instance);

        Assert.True(await _server!.Services.GetRequiredService<MaintenanceService>().RunOnceAsync(CancellationToken.None));
        Assert.False(await other.TryLeadAsync(CancellationToken.None));
        await _server.StopAsync();

        Assert.True(await other.TryLeadAsync(CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_otherInstance is not null) await _otherInstance.DisposeAsync();
    }
}
