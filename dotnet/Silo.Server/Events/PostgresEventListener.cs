using Npgsql;

namespace Silo.Server.Events;

/// <summary>
/// Holds one connection that <c>LISTEN</c>s on the silo's channel (<see cref="Storage.PostgresScope.EventsChannel"/>) and pulses
/// this instance's <see cref="EventNotifier"/> for every notification, so commits made through any
/// instance reach the streams open here. A lost connection is re-opened with a growing pause; each
/// (re)connection pulses once, since notifications sent while nobody listened are gone.
/// </summary>
public sealed class PostgresEventListener(NpgsqlDataSource dataSource, EventNotifier notifier, TimeProvider time, ILogger<PostgresEventListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);

    private volatile int _processId;

    /// <summary>The server process of the listening connection, 0 while there is none: lets tests cut it.</summary>
    internal int ProcessId => _processId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => notifier.Pulse();
                await using (var listen = new NpgsqlCommand("LISTEN " + Storage.PostgresScope.Of(dataSource).EventsChannel, connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                _processId = connection.ProcessID;
                retry = FirstRetry;
                notifier.Pulse();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _processId = 0;
                // Streams keep being served meanwhile by the catch-up pulse, only later.
                logger.LogWarning(e, "Listening for other instances' events failed; retrying in {Retry}", retry);
            }
            try
            {
                await Task.Delay(retry, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            retry = retry * 2 < LastRetry ? retry * 2 : LastRetry;
        }
    }
}
