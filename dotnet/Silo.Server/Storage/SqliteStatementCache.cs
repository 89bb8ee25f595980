using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Silo.Server.Storage;

/// <summary>
/// The writer connection's compiled statements, kept by SQL text. Microsoft.Data.Sqlite compiles a
/// command's SQL once per command object, so a fresh command per statement compiles on every
/// request; on the single writer that is most of a small write's work. A command is taken out while
/// it runs, so it is never used twice at once, and is thrown away, never reused, when its statement
/// fails (a constraint, a rollback, a cancellation): only a command that completed goes back. Owned
/// by one connection and disposed with it.
/// </summary>
public sealed class SqliteStatementCache(SqliteConnection connection) : IDisposable
{
    /// <summary>Bounds the cache: SQL built from request options (filters) would otherwise grow it without end.</summary>
    private const int Capacity = 256;

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]?> Shapes = new();

    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="args"/> can be bound here as Dapper would bind it: null, or an
    /// anonymous object whose values are plain scalars. Anything else (lists Dapper spreads into
    /// several parameters, enums, dates, parameter bags) goes through Dapper on a fresh command.
    /// </summary>
    public static bool CanBind(object? args)
    {
        if (args is null) return true;
        if (Shape(args.GetType()) is not { } properties) return false;
        foreach (var property in properties)
            if (!IsScalar(property.GetValue(args))) return false;
        return true;
    }

    public async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? args, DbTransaction? transaction, CancellationToken ct) =>
        await Run(sql, args, transaction, static command =>
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            if (!reader.Read()) return rows;
            var parse = RowParser<T>(reader);
            do rows.Add(As<T>(parse(reader)));
            while (reader.Read());
            return rows;
        }, ct);

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? args, DbTransaction? transaction, CancellationToken ct) =>
        Run(sql, args, transaction, static command =>
        {
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return default;
            var row = As<T>(RowParser<T>(reader)(reader));
            // Dapper's QuerySingleOrDefault refuses a second row; so does this.
            if (reader.Read()) throw new InvalidOperationException("Sequence contains more than one element");
            return row;
        }, ct);

    public Task<T> ScalarAsync<T>(string sql, object? args, DbTransaction? transaction, CancellationToken ct) =>
        Run(sql, args, transaction, static command => As<T>(command.ExecuteScalar()), ct);

    public Task<int> ExecuteAsync(string sql, object? args, DbTransaction? transaction, CancellationToken ct) =>
        Run(sql, args, transaction, static command => command.ExecuteNonQuery(), ct);

    // SQLite runs every statement synchronously (its async methods only wrap the sync ones), so
    // the work runs here at once; the task keeps the callers' shape.
    private Task<T> Run<T>(string sql, object? args, DbTransaction? transaction, Func<SqliteCommand, T> run, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var command = Take(sql);
        T result;
        try
        {
            command.Transaction = (SqliteTransaction?)transaction;
            Bind(command, args);
            result = run(command);
        }
        catch
        {
            command.Dispose();
            throw;
        }
        Return(sql, command);
        return Task.FromResult(result);
    }

    private SqliteCommand Take(string sql)
    {
        if (_commands.Remove(sql, out var cached)) return cached;
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void Return(string sql, SqliteCommand command)
    {
        command.Parameters.Clear();
        command.Transaction = null;
        if (_commands.Count < Capacity && _commands.TryAdd(sql, command)) return;
        command.Dispose();
    }

    private static void Bind(SqliteCommand command, object? args)
    {
        command.Parameters.Clear();
        if (args is null) return;
        foreach (var property in Shape(args.GetType())!)
            command.Parameters.AddWithValue(property.Name, property.GetValue(args) ?? DBNull.Value);
    }

    /// <returns>The properties of an anonymous type; null for any other type.</returns>
    private static PropertyInfo[]? Shape(Type type) =>
        Shapes.GetOrAdd(type, static t =>
            t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) && t.Name.Contains("AnonymousType", StringComparison.Ordinal)
                ? t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                : null);

    private static bool IsScalar(object? value) =>
        value is null or string or long or int or short or byte or bool or double or byte[];

    // Dapper's typed row parser cannot hand out a plain reference type (a string column): it casts
    // its untyped parser to the typed delegate. Untyped, then converted as Dapper's Query does.
    private static Func<DbDataReader, object?> RowParser<T>(DbDataReader reader) => reader.GetRowParser<object?>(typeof(T));

    /// <summary>What Dapper's Query&lt;T&gt; and ExecuteScalar&lt;T&gt; make of a value: null for none, else the value converted to T.</summary>
    private static T As<T>(object? value)
    {
        if (value is null or DBNull) return default!;
        if (value is T typed) return typed;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
    }
}
