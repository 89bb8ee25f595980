using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using Silo.Testing;

namespace Silo.Server.Tests;

/// <summary>
/// Reads a server's database directly, to check what the API really stored: its silo.db, or its
/// PostgreSQL schema when the suite runs on PostgreSQL (<see cref="TestPostgres"/>).
/// </summary>
public static partial class TestDatabase
{
    public static string PathIn(string dataDir) => Path.Combine(dataDir, "silo.db");

    /// <param name="sql">Parameters may be written $name or @name; PostgreSQL gets them as @name.</param>
    public static async Task<T> ScalarAsync<T>(string dataDir, string sql, params (string Name, object Value)[] args)
    {
        await using var connection = Open(dataDir, out var postgres);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = postgres ? DollarParameter().Replace(sql, "@$1") : sql;
        foreach (var (name, value) in args)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = postgres ? DollarParameter().Replace(name, "@$1") : name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        var result = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(result!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<long> CountAsync(string dataDir, string table) => ScalarAsync<long>(dataDir, $"SELECT COUNT(*) FROM {table}");

    private static DbConnection Open(string dataDir, out bool postgres)
    {
        var database = SiloTestServer.DatabaseOf(dataDir);
        postgres = database is not null;
        // No pooling: a pooled handle would keep the file open after the test deletes the data dir,
        // or a connection open to a schema that is about to be dropped.
        return postgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = PathIn(dataDir), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
    }

    [GeneratedRegex(@"\$(\w+)")]
    private static partial Regex DollarParameter();
}
