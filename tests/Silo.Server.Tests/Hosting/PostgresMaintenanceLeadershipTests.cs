using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Silo.Server.Hosting;
using Silo.Testing;

namespace Silo.Server.Tests.Hosting;

/// <summary>Two instances' leaderships on one real PostgreSQL, as two objects in this process.</summary>
public sealed class PostgresMaintenanceLeadershipTests : IAsyncLifetime
{
    private ScratchPostgresDatabase? _scratch;

    private NpgsqlDataSource Db => _scratch!.DataSource;
    private readonly List<PostgresMaintenanceLeadership> _made = [];

    // Skipped tests still construct the class: only a configured cluster gets a database.
    public async Task InitializeAsync()
    {
        if (TestPostgres.ClusterConnectionString is not null) _scratch = await ScratchPostgresDatabase.CreateAsync();
    }

    private PostgresMaintenanceLeadership Instance()
    {
        var leadership = new PostgresMaintenanceLeadership(Db, NullLogger<PostgresMaintenanceLeadership>.Instance);
        _made.Add(leadership);
        return leadership;
    }

    [PostgresFact]
    public async Task TryLeadAsync_TwoInstances_OnlyTheFirstLeadsAndKeepsLeading()
    {
        var first = Instance();
        var second = Instance();

        Assert.True(await first.TryLeadAsync(CancellationToken.None));
        Assert.False(await second.TryLeadAsync(CancellationToken.None));
        Assert.True(await first.TryLeadAsync(CancellationToken.None));
        Assert.False(await second.TryLeadAsync(CancellationToken.None));
    }

    [PostgresFact]
    public async Task TryLeadAsync_LeaderDisposed_TheOtherTakesOverOnItsNextTry()
    {
        var first = Instance();
        var second = Instance();
        Assert.True(await first.TryLeadAsync(CancellationToken.None));

        await first.DisposeAsync();
        _made.Remove(first);

        Assert.True(await second.TryLeadAsync(CancellationToken.None));
    }

    [PostgresFact]
    public async Task TryLeadAsync_LeadersConnectionKilled_TheOtherTakesOverAndTheOldLeaderStops()
    {
        var first = Instance();
        var second = Instance();
        Assert.True(await first.TryLeadAsync(CancellationToken.None));

        await using (var kill = Db.CreateCommand($"SELECT pg_terminate_backend({first.ProcessId}, 10000)"))
            Assert.True(await kill.ExecuteScalarAsync() is true);

        Assert.True(await second.TryLeadAsync(CancellationToken.None));
        Assert.False(await first.TryLeadAsync(CancellationToken.None));
    }

    [PostgresFact]
    public async Task RunOnceAsync_TwoServicesOnOneDatabase_OnlyTheLeaderRunsItsTasks()
    {
        var ran = new[] { 0, 0 };
        var services = Enumerable.Range(0, 2).Select(i => new MaintenanceService(
            [new CountingTask(() => ran[i]++)], Instance(), new SiloServerOptions(), TestClock.New(),
            NullLogger<MaintenanceService>.Instance)).ToList();

        Assert.True(await services[0].RunOnceAsync(CancellationToken.None));
        Assert.False(await services[1].RunOnceAsync(CancellationToken.None));
        Assert.True(await services[0].RunOnceAsync(CancellationToken.None));

        Assert.Equal([2, 0], ran);
        services.ForEach(s => s.Dispose());
    }

    private sealed class CountingTask(Action count) : IMaintenanceTask
    {
        public Task RunAsync(CancellationToken cancellationToken)
        {
            count();
            return Task.CompletedTask;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var leadership in _made) await leadership.DisposeAsync();
        if (_scratch is not null) await _scratch.DisposeAsync();
    }
}
