using Npgsql;

namespace Silo.Server.Hosting;

/// <summary>
/// Leads while it holds a session-level advisory lock on a connection of its own. The lock lives
/// exactly as long as that connection: when the leading instance dies or loses the database, the
/// server ends its session, the lock is freed, and the next instance to ask takes it.
/// </summary>
public sealed class PostgresMaintenanceLeadership(NpgsqlDataSource dataSource, ILogger<PostgresMaintenanceLeadership> logger)
    : IMaintenanceLeadership, IAsyncDisposable
{
    private readonly long _lockKey = Storage.PostgresScope.Of(dataSource).LockKey("maintenance");

    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _held;

    /// <summary>The server process holding the lock, 0 when this instance does not lead: lets tests cut it.</summary>
    internal int ProcessId => _held?.ProcessID ?? 0;

    public async Task<bool> TryLeadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_held is not null)
            {
                if (await StillOpenAsync(_held, cancellationToken)) return true;
                logger.LogWarning("Lost the maintenance lead with its connection; trying to take it again");
                await _held.DisposeAsync();
                _held = null;
            }
            var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
                take.Parameters.AddWithValue("key", _lockKey);
                if (await take.ExecuteScalarAsync(cancellationToken) is true)
                {
                    _held = connection;
                    logger.LogInformation("This instance now runs the maintenance sweeps");
                    return true;
                }
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
            await connection.DisposeAsync();
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not leading is the safe answer: the sweeps wait for a tick with a database.
            logger.LogWarning(e, "Could not take the maintenance lead");
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<bool> StillOpenAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(ct);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_held is not null) await ReleaseAsync(_held);
        _held = null;
        _gate.Dispose();
    }

    private async Task ReleaseAsync(NpgsqlConnection held)
    {
        try
        {
            // The connection goes back to a pool, which may keep the session (and the lock) alive.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", held);
            release.Parameters.AddWithValue("key", _lockKey);
            await release.ExecuteScalarAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A broken connection has already freed the lock with its session.
        }
        await held.DisposeAsync();
    }
}
