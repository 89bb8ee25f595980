using System.Threading.Channels;
using Npgsql;

namespace Silo.Server.Events;

/// <summary>
/// Wakes this instance's streams at once and tells the other instances with
/// a <c>NOTIFY</c> on the silo's channel (<see cref="Storage.PostgresScope.EventsChannel"/>), which their <see cref="PostgresEventListener"/> turns into a pulse.
/// </summary>
/// <remarks>
/// The NOTIFY is sent after the commit, on a pooled connection of its own, rather than inside the
/// writing transaction: the hook stays the same for every storage engine, and a burst of commits
/// costs one NOTIFY (requests arriving while one is being sent are folded into the next). A NOTIFY
/// that fails only delays the others' streams until their <see cref="EventCatchUp"/> pulse.
/// </remarks>
public sealed class PostgresEventSignal(NpgsqlDataSource dataSource, EventNotifier notifier, ILogger<PostgresEventSignal> logger)
    : BackgroundService, IEventCommitSignal
{
    private readonly string _notify = "NOTIFY " + Storage.PostgresScope.Of(dataSource).EventsChannel;

    private readonly Channel<bool> _requests = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Committed()
    {
        notifier.Pulse();
        _requests.Writer.TryWrite(true);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in _requests.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var notify = dataSource.CreateCommand(_notify);
                    await notify.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Telling the other instances about new events failed; they catch up on their own");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
