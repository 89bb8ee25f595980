using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Silo.Server.Events;
using Silo.Server.Storage;
using Silo.Testing;

namespace Silo.Server.Tests.Events;

/// <summary>Two instances' wake-up paths on one real PostgreSQL, as two sets of objects in this process.</summary>
public sealed class PostgresEventWakeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private ScratchPostgresDatabase? _scratch;

    private NpgsqlDataSource Db => _scratch!.DataSource;
    private readonly EventNotifier _notifier = new();
    // A list, not fields: the hosted services are stopped and disposed with the test.
    private readonly List<BackgroundService> _started = [];

    // Skipped tests still construct the class: only a configured cluster gets a database.
    public async Task InitializeAsync()
    {
        if (TestPostgres.ClusterConnectionString is not null) _scratch = await ScratchPostgresDatabase.CreateAsync();
    }

    private async Task<PostgresEventListener> ListeningAsync()
    {
        var listening = _notifier.NextAsync();
        var listener = await StartedAsync(new PostgresEventListener(Db, _notifier, TimeProvider.System, NullLogger<PostgresEventListener>.Instance));
        // The listener pulses once it listens: events committed before that are read by that pulse.
        await listening.WaitAsync(Timeout);
        return listener;
    }

    private async Task<T> StartedAsync<T>(T service) where T : BackgroundService
    {
        _started.Add(service);
        await service.StartAsync(CancellationToken.None);
        return service;
    }

    [PostgresFact]
    public async Task Listener_NotifyFromAnotherConnection_PulsesTheNotifier()
    {
        await ListeningAsync();
        var woken = _notifier.NextAsync();

        await using (var other = Db.CreateCommand("NOTIFY " + PostgresScope.Of(Db).EventsChannel)) await other.ExecuteNonQueryAsync();

        await woken.WaitAsync(Timeout);
    }

    [PostgresFact]
    public async Task Signal_Committed_WakesItsOwnStreamsAndAnotherInstancesListener()
    {
        await ListeningAsync();
        var otherNotifier = new EventNotifier();
        var signal = await StartedAsync(new PostgresEventSignal(Db, otherNotifier, NullLogger<PostgresEventSignal>.Instance));
        var local = otherNotifier.NextAsync();
        var remote = _notifier.NextAsync();

        signal.Committed();

        Assert.True(local.IsCompleted);
        await remote.WaitAsync(Timeout);
    }

    [PostgresFact]
    public async Task Listener_ConnectionTerminated_ReconnectsAndHearsNotificationsAgain()
    {
        var listener = await ListeningAsync();
        var cut = listener.ProcessId;
        var reconnected = _notifier.NextAsync();

        await using (var kill = Db.CreateCommand($"SELECT pg_terminate_backend({cut})")) Assert.True(await kill.ExecuteScalarAsync() is true);

        await reconnected.WaitAsync(Timeout);
        Assert.NotEqual(cut, listener.ProcessId);
        var woken = _notifier.NextAsync();
        await using (var other = Db.CreateCommand("NOTIFY " + PostgresScope.Of(Db).EventsChannel)) await other.ExecuteNonQueryAsync();
        await woken.WaitAsync(Timeout);
    }

    public async Task DisposeAsync()
    {
        foreach (var service in _started)
        {
            await service.StopAsync(CancellationToken.None);
            service.Dispose();
        }
        if (_scratch is not null) await _scratch.DisposeAsync();
    }
}
