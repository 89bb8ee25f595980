using System.Data.Common;
using Dapper;

namespace Silo.Server.Storage;

/// <summary>One connection (and, for writes, its transaction) handed to the stores.</summary>
/// <param name="statements">The connection's compiled statements, when it keeps them (SQLite's writer).</param>
public sealed class DbSession(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, SqliteStatementCache? statements = null)
{
    static DbSession()
    {
        // Columns are snake_case, row records PascalCase; every engine's queries run through a session.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    private readonly List<Action> _afterCommit = [];
    private readonly List<Action> _afterRollback = [];

    public DbConnection Connection { get; } = connection;

    public DbTransaction? Transaction { get; } = transaction;

    /// <summary>The engine's spelling of the few fragments that differ.</summary>
    public SqlDialect Dialect { get; } = dialect;

    /// <summary>Runs once the transaction has committed; never when it rolls back.</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    /// <summary>Like <see cref="AfterCommit"/>, but an action already registered (an equal delegate) is not added twice.</summary>
    public void AfterCommitOnce(Action action)
    {
        if (!_afterCommit.Contains(action)) _afterCommit.Add(action);
    }

    internal IReadOnlyList<Action> CommitActions => _afterCommit;

    /// <summary>Runs if the work is undone (its transaction or savepoint rolled back, or it is to run again); never after a commit.</summary>
    public void AfterRollback(Action action) => _afterRollback.Add(action);

    internal void RolledBack()
    {
        foreach (var action in _afterRollback) action();
    }

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? args, CancellationToken ct) =>
        Cached(args) is { } cache
            ? cache.QueryAsync<T>(sql, args, Transaction, ct)
            : Connection.QueryAsync<T>(Command(sql, args, ct));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? args, CancellationToken ct) =>
        Cached(args) is { } cache
            ? cache.QuerySingleOrDefaultAsync<T>(sql, args, Transaction, ct)
            : Connection.QuerySingleOrDefaultAsync<T>(Command(sql, args, ct));

    public Task<T> ScalarAsync<T>(string sql, object? args, CancellationToken ct) =>
        Cached(args) is { } cache
            ? cache.ScalarAsync<T>(sql, args, Transaction, ct)
            : Connection.ExecuteScalarAsync<T>(Command(sql, args, ct))!;

    public Task<int> ExecuteAsync(string sql, object? args, CancellationToken ct) =>
        Cached(args) is { } cache
            ? cache.ExecuteAsync(sql, args, Transaction, ct)
            : Connection.ExecuteAsync(Command(sql, args, ct));

    private SqliteStatementCache? Cached(object? args) => statements is not null && SqliteStatementCache.CanBind(args) ? statements : null;

    private CommandDefinition Command(string sql, object? args, CancellationToken ct) =>
        new(sql, args, Transaction, cancellationToken: ct);
}
