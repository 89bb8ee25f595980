using Microsoft.Data.Sqlite;

namespace Silo.Server.Storage;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. Writers are serialised in-process so
/// they queue on a semaphore instead of spinning on SQLITE_BUSY.
/// </summary>
public sealed class SqliteDatabase : IDatabase, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    static SqliteDatabase()
    {
        // Columns are snake_case, row records PascalCase.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public SqliteDatabase(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }

    public async Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return await work(new DbSession(connection, null));
    }

    public async Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        DbSession session;
        T result;
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            // BEGIN IMMEDIATE: the write lock is taken up front, so a read-then-write can't be overtaken.
            await using var transaction = connection.BeginTransaction(deferred: false);
            session = new DbSession(connection, transaction);
            result = await work(session);
            // Commit is not cancellable: once the work is done, a dropped client must not leave it half-applied.
            await transaction.CommitAsync(CancellationToken.None);
        }
        finally
        {
            _writeGate.Release();
        }

        foreach (var action in session.CommitActions) action();
        return result;
    }

    public void Dispose() => _writeGate.Dispose();
}
