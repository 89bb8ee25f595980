using Microsoft.Data.Sqlite;
using Silo.Server.Storage;

namespace Silo.Bench.Locks;

/// <summary>
/// The least a durable write costs on this machine: one transaction that inserts a row and deletes
/// it again, on its own SQLite file opened with the server's settings (WAL, synchronous FULL,
/// foreign keys), each caller on its own connection and each transaction committed on its own,
/// writers queued in-process as SQLite allows only one at a time. A lock+unlock pair is two
/// requests, each one write transaction, so it can be set against two of these.
/// </summary>
internal sealed class StoreBaseline : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly List<SqliteConnection> _connections = [];

    private StoreBaseline()
    {
    }

    /// <summary>One connection per caller, each opened and set up like the server's writer.</summary>
    public IReadOnlyList<SqliteConnection> Connections => _connections;

    public static StoreBaseline Open(string directory, int callers)
    {
        var baseline = new StoreBaseline();
        try
        {
            var path = Path.Combine(directory, "baseline.db");
            for (var i = 0; i < callers; i++)
            {
                var connection = new SqliteConnection(SqliteSettings.ConnectionString(path, writer: true));
                connection.Open();
                SqliteSettings.Apply(connection);
                baseline._connections.Add(connection);
            }
            using var create = baseline._connections[0].CreateCommand();
            create.CommandText = "CREATE TABLE IF NOT EXISTS baseline_rows (id INTEGER PRIMARY KEY, value TEXT NOT NULL)";
            create.ExecuteNonQuery();
            return baseline;
        }
        catch
        {
            baseline.Dispose();
            throw;
        }
    }

    /// <summary>BEGIN IMMEDIATE; INSERT; DELETE; COMMIT, after waiting for the writer's turn.</summary>
    public async Task TransactionAsync(SqliteConnection connection, CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO baseline_rows(value) VALUES ('x') RETURNING id";
            var id = (long)insert.ExecuteScalar()!;
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM baseline_rows WHERE id = $id";
            delete.Parameters.AddWithValue("$id", id);
            delete.ExecuteNonQuery();
            transaction.Commit();
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose()
    {
        foreach (var connection in _connections) connection.Dispose();
        _writer.Dispose();
    }
}
