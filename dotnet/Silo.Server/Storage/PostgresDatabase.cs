using System.Data;
using Npgsql;

namespace Silo.Server.Storage;

/// <summary>
/// PostgreSQL, shared by any number of server instances. Nothing here serialises writes inside the
/// process: whatever one instance does, another may do at the same moment, so exclusion has to come
/// from the database.
/// <para>
/// Every write runs as one SERIALIZABLE transaction. PostgreSQL guarantees that committed
/// serializable transactions have the effect of some serial order, and aborts one of two whose
/// interleaving could not be explained that way (SQLSTATE 40001; a deadlock is 40P01). Each store's
/// rule is "read, decide, write" inside its work function: is the item locked, is a live session in
/// the cone, is the base still the head, was this idempotency key used, what is the next fencing
/// token. Under a serial order each such decision sees every earlier write, exactly as under
/// SQLite's single writer; so locks, sessions, heads and idempotency keys stay exclusive and fencing
/// tokens increase per item, whichever instance a client reaches. A unique-key clash with a
/// concurrent transaction that had checked the key is reported as 40001 too, so "check, then
/// insert" needs no special case.
/// </para>
/// <para>
/// The price is that a transaction may be aborted and must run again. Here the whole work function
/// is re-run on a fresh connection and session (a few times, with growing, jittered pauses so two
/// contenders do not collide again in step); a fresh <see cref="DbSession"/> also drops the commit
/// actions of the failed attempt. This is why a work function must be safe to run twice: it may
/// read and write the database and build its result, but must not change state outside its
/// session before the commit (anything it publishes goes through <see cref="DbSession.AfterCommit"/>),
/// and must read the clock and make ids afresh each run. The stores are written that way (the blob
/// collector deletes files only after its commit; docs/storage.md tells the window that leaves).
/// Explicit per-item locks were the alternative; they would need every store to name, in a fixed
/// order, every row its rule depends on, and a forgotten one is a silent race, while a forgotten
/// read under SERIALIZABLE is still caught.
/// </para>
/// <para>
/// Event ids come from a sequence, which hands out numbers in the order transactions ask, not the
/// order they commit; <see cref="SqlDialect.EventIdOrder"/> closes that gap (see the event log).
/// </para>
/// </summary>
public sealed class PostgresDatabase(NpgsqlDataSource dataSource) : IDatabase
{
    private readonly SqlDialect _dialect = SqlDialect.Postgres(PostgresScope.Of(dataSource));

    /// <summary>
    /// Every write holds this silo's writers lock: shared while writes run side by side, exclusive
    /// once a write has been aborted <see cref="SharedAttempts"/> times. Under SERIALIZABLE a write
    /// that scans a table a neighbour writes to can lose every round while many contend (seen with
    /// 32 clients acquiring edit sessions); alone, it cannot be aborted by another writer, so every
    /// write ends. Reads take no part: they run outside transactions and abort nobody.
    /// </summary>
    private readonly long _writersLock = PostgresScope.Of(dataSource).LockKey("writers");

    internal const int SharedAttempts = 4;

    /// <summary>A write that still fails alone is not a conflict that another round would resolve.</summary>
    internal const int MaxAttempts = SharedAttempts + 2;

    public async Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await work(new DbSession(connection, null, _dialect));
    }

    public async Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(work, alone: attempt > SharedAttempts, cancellationToken);
            }
            catch (PostgresException e) when (IsConflict(e) && attempt < MaxAttempts)
            {
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }
    }

    private async Task<T> WriteOnceAsync<T>(Func<DbSession, Task<T>> work, bool alone, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!alone) return await WriteInTransactionAsync(connection, $"SELECT pg_advisory_xact_lock_shared({_writersLock})", work, cancellationToken);
        // Taken before the transaction begins, so its snapshot already holds every write it waited for
        // (a lock taken inside would leave those as concurrent, and a cause of conflict still).
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({_writersLock})", cancellationToken);
        try
        {
            return await WriteInTransactionAsync(connection, null, work, cancellationToken);
        }
        finally
        {
            await UnlockAsync(connection);
        }
    }

    private async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({_writersLock})", CancellationToken.None);
        }
        catch (NpgsqlException) when (connection.State != ConnectionState.Open)
        {
            // The connection broke: it is not returned to the pool, and its session ends with the lock.
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<T> WriteInTransactionAsync<T>(NpgsqlConnection connection, string? first, Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        if (first is not null)
        {
            await using var command = new NpgsqlCommand(first, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var session = new DbSession(connection, transaction, _dialect);
        T result;
        try
        {
            result = await work(session);
            // Not cancellable: once the work is done, a dropped client must not leave it half-applied.
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch
        {
            session.RolledBack();
            throw;
        }
        foreach (var action in session.CommitActions) action();
        return result;
    }

    internal static bool IsConflict(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    /// <summary>About 1, 2, 4 … ms up to 100 ms, each drawn at random from its upper half.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(100.0, Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }
}
