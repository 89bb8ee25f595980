using Microsoft.Data.Sqlite;

namespace Silo.Server.Storage;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. SQLite has one writer at a time, and each
/// durable commit waits for the disk; so writes queue, and whoever writes while nobody is writing
/// becomes the leader: it commits its own write at once, on its own thread, and then every write
/// queued meanwhile as one transaction (group commit) until the queue is empty. Each write runs in
/// its own savepoint, so a failing one is rolled back alone, and each caller learns its outcome only
/// after the commit that made it durable. Reads run alongside, each on a connection of its own
/// that is kept open afterwards with its compiled statements (see <see cref="SqliteReaders"/>).
/// </summary>
public sealed class SqliteDatabase : IDatabase, IAsyncDisposable, IDisposable
{
    /// <summary>Bounds how long one group holds the writer, so a burst does not become one huge transaction.</summary>
    private const int MaxGroup = 128;

    private readonly string _writeConnectionString;
    private readonly Lock _gate = new();
    private readonly Queue<WriteRequest> _queue = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _leading;
    private bool _disposed;
    private SqliteConnection? _connection;
    private SqliteStatementCache? _statements;
    private readonly SqliteReaders _readers;

    public SqliteDatabase(string path)
    {
        _writeConnectionString = SqliteSettings.ConnectionString(path, writer: true);
        _readers = new SqliteReaders(SqliteSettings.ConnectionString(path, writer: false));
    }

    public async Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reader = _readers.Take();
        T result;
        try
        {
            result = await work(new DbSession(reader.Connection, null, SqlDialect.Sqlite, reader.Statements));
        }
        catch
        {
            // Whatever failed, the next read gets a connection in a known state.
            reader.Dispose();
            throw;
        }
        _readers.Return(reader);
        return result;
    }

    public Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var request = new WriteRequest<T>(work, cancellationToken);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue(request);
            if (_leading) return request.Task;
            _leading = true;
        }
        // Not awaited: it ends when the queue is empty, and the caller only needs its own outcome.
        _ = LeadAsync();
        return request.Task;
    }

    /// <summary>
    /// Commits groups until nobody waits. The first group runs on the caller's thread, so a lone
    /// write costs no thread switch; later groups belong to other callers and run on the pool.
    /// </summary>
    private async Task LeadAsync()
    {
        var first = true;
        while (true)
        {
            var group = new List<WriteRequest>();
            lock (_gate)
            {
                while (group.Count < MaxGroup && _queue.TryDequeue(out var request))
                    if (request.TryStart()) group.Add(request);
                if (group.Count == 0 && _queue.Count == 0)
                {
                    _leading = false;
                    if (_disposed) _idle.TrySetResult();
                    return;
                }
            }
            if (!first) await Task.Yield();
            first = false;
            if (group.Count > 0) await CommitGroupAsync(group);
        }
    }

    private async Task CommitGroupAsync(List<WriteRequest> group)
    {
        var done = new List<WriteRequest>(group.Count);
        SqliteTransaction? transaction = null;
        try
        {
            var (connection, statements) = Connection();
            // BEGIN IMMEDIATE: the write lock is taken up front, so a read-then-write can't be overtaken.
            transaction = connection.BeginTransaction(deferred: false);
            foreach (var request in group)
            {
                // Through the cache: a savepoint per write would otherwise compile two statements each time.
                await statements.ExecuteAsync("SAVEPOINT w", null, transaction, CancellationToken.None);
                try
                {
                    await request.RunAsync(new DbSession(connection, transaction, SqlDialect.Sqlite, statements));
                    await statements.ExecuteAsync("RELEASE w", null, transaction, CancellationToken.None);
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

    private (SqliteConnection, SqliteStatementCache) Connection()
    {
        if (_connection is not null && _statements is not null) return (_connection, _statements);
        var connection = new SqliteConnection(_writeConnectionString);
        connection.Open();
        SqliteSettings.Apply(connection);
        return (_connection = connection, _statements = new SqliteStatementCache(connection));
    }

    private void ResetConnection()
    {
        _statements?.Dispose();
        _statements = null;
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
        bool leading;
        lock (_gate)
        {
            _disposed = true;
            leading = _leading;
        }
        if (leading) await _idle.Task;
        ResetConnection();
        _readers.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
