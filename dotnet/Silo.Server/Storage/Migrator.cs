using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Silo.Server.Storage;

/// <summary>
/// Applies the numbered scripts of the engine's folder, Storage/Migrations/Sqlite or
/// Storage/Migrations/Postgres (V0001_name.sql), in order, each in its own transaction and recorded
/// in <c>schema_migrations</c>, so running it again changes nothing. Both folders hold the same
/// versions with the same names: one schema, spelled twice (a test compares the results).
/// </summary>
public static class Migrator
{
    public sealed record Migration(int Version, string Name, string Sql);

    /// <summary>The SQLite scripts.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load("Sqlite");

    public static IReadOnlyList<Migration> AllPostgres { get; } = Load("Postgres");

    /// <returns>The versions applied by this call.</returns>
    public static IReadOnlyList<int> Apply(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, ForeignKeys = true, Pooling = false }.ToString());
        connection.Open();
        Run(connection, null, "PRAGMA journal_mode=WAL;");
        Run(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
            """);
        return ApplyMissing(connection, All);
    }

    /// <returns>The versions applied by this call.</returns>
    public static IReadOnlyList<int> Apply(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        // Held while migrating, so instances starting together migrate one after the other.
        var migrating = PostgresScope.Of(dataSource).LockKey("migrations");
        Run(connection, null, $"SELECT pg_advisory_lock({migrating})");
        try
        {
            Run(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
                """);
            return ApplyMissing(connection, AllPostgres);
        }
        finally
        {
            Run(connection, null, $"SELECT pg_advisory_unlock({migrating})");
        }
    }

    private static List<int> ApplyMissing(DbConnection connection, IReadOnlyList<Migration> all)
    {
        var applied = new List<int>();
        foreach (var migration in all)
        {
            using var transaction = connection.BeginTransaction();
            using var check = Command(connection, transaction, "SELECT COUNT(*) FROM schema_migrations WHERE version = @v", ("v", migration.Version));
            if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) > 0) continue;

            Run(connection, transaction, migration.Sql);
            using var record = Command(connection, transaction, "INSERT INTO schema_migrations(version, name) VALUES (@v, @n)",
                ("v", (long)migration.Version), ("n", migration.Name));
            record.ExecuteNonQuery();
            transaction.Commit();
            applied.Add(migration.Version);
        }
        return applied;
    }

    private static void Run(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] args)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static List<Migration> Load(string engine)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"Silo.Server.Storage.Migrations.{engine}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                // Files are named V0001_what.sql: the number after V orders them.
                var version = int.Parse(name[1..name.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new Migration(version, name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }
}
