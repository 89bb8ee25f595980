using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Silo.Server.Storage;

/// <summary>
/// The embedded store's reading connections, kept open between reads with their compiled
/// statements. A read is a handful of small statements, and compiling each again on a fresh
/// command cost as much as running it: a request that reads a page of a sync diff paid it on every
/// page. A connection serves one read at a time; outside a read it holds no statement open, so it
/// keeps no snapshot and does not hold back the WAL's checkpoints.
/// </summary>
internal sealed class SqliteReaders(string connectionString) : IDisposable
{
    /// <summary>Connections kept idle; more are opened when more reads run at once, and closed after.</summary>
    public const int MaxIdle = 16;

    private readonly ConcurrentStack<Reader> _idle = new();
    private volatile bool _disposed;

    public sealed class Reader(SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public SqliteStatementCache Statements { get; } = new(connection);

        public void Dispose()
        {
            Statements.Dispose();
            Connection.Dispose();
        }
    }

    /// <summary>The most recently used idle connection (its statements are the likeliest to be compiled), or a new one.</summary>
    public Reader Take()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryPop(out var reader)) return reader;
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new Reader(connection);
    }

    public void Return(Reader reader)
    {
        if (!_disposed && _idle.Count < MaxIdle)
        {
            _idle.Push(reader);
            // Disposed meanwhile: whatever is left idle must not outlive the store.
            if (!_disposed) return;
            Drain();
            return;
        }
        reader.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryPop(out var reader)) reader.Dispose();
    }
}
