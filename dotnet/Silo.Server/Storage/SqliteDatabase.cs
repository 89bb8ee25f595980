using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Silo.Server.Storage;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. SQLite has one writer at a time, and each
/// durable commit waits for the disk; so every write goes through one writer that takes all the
/// writes queued meanwhile and commits them as one transaction (group commit). Each write runs in
/// its own savepoint, so a failing one is rolled back alone, and each caller learns its outcome only
/// after the commit that made it durable. Reads use pooled connections and run alongside.
/// </summary>
public sealed class SqliteDatabase : IDatabase, IAsyncDisposable, IDisposable
{
    /// <summary>Bounds how long one group holds the writer, so a burst does not become one huge transaction.</summary>
    private const int MaxGroup = 128;

    private readonly string _readConnectionString;
    private readonly string _writeConnectionString;
    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private SqliteConnection? _connection;

    static SqliteDatabase()
    {
        // Columns are snake_case, row records PascalCase.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public SqliteDatabase(string path)
    {
        _readConnectionString = SqliteSettings.ConnectionString(path, writer: false);
        _writeConnectionString = SqliteSettings.ConnectionString(path, writer: true);
        _writer = Task.Run(WriteLoopAsync);
    }

    public async Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken);
        return await work(new DbSession(connection, null));
    }

    public Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var request = new WriteRequest<T>(work, cancellationToken);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(request), this);
        return request.Task;
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<WriteRequest>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var request))
                if (request.TryStart()) group.Add(request);
            if (group.Count > 0) await CommitGroupAsync(group);
        }
        _connection?.Dispose();
    }

    private async Task CommitGroupAsync(List<WriteRequest> group)
    {
        var done = new List<WriteRequest>(group.Count);
        SqliteTransaction? transaction = null;
        try
        {
            var connection = Connection();
            // BEGIN IMMEDIATE: the write lock is taken up front, so a read-then-write can't be overtaken.
            transaction = connection.BeginTransaction(deferred: false);
            foreach (var request in group)
            {
                transaction.Save("w");
                try
                {
                    await request.RunAsync(new DbSession(connection, transaction));
                    transaction.Release("w");
                    done.Add(request);
                }
                catch (Exception e)
                {
                    transaction.Rollback("w");
                    transaction.Release("w");
                    request.Fail(e);
                }
            }
            // Not cancellable: once the work is done, a dropped client must not leave it half-applied.
            transaction.Commit();
        }
        catch (Exception e)
        {
            // The commit itself failed (disk full, I/O error): none of the group was kept.
            SafeRollback(transaction);
            ResetConnection();
            foreach (var request in done) request.Fail(e);
            foreach (var request in group.Where(r => !done.Contains(r))) request.Fail(e);
            return;
        }
        finally
        {
            transaction?.Dispose();
        }

        foreach (var request in done)
        {
            foreach (var action in request.Session!.CommitActions) action();
            request.Complete();
        }
    }

    private SqliteConnection Connection()
    {
        if (_connection is not null) return _connection;
        var connection = new SqliteConnection(_writeConnectionString);
        connection.Open();
        SqliteSettings.Apply(connection);
        return _connection = connection;
    }

    private void ResetConnection()
    {
        _connection?.Dispose();
        _connection = null;
    }

    private static void SafeRollback(SqliteTransaction? transaction)
    {
        try
        {
            transaction?.Rollback();
        }
        catch (SqliteException)
        {
            // Already rolled back by SQLite itself.
        }
        catch (InvalidOperationException)
        {
            // Already completed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }
}
