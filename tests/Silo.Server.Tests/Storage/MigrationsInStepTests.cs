using Microsoft.Data.Sqlite;
using Npgsql;
using Silo.Server.Storage;
using Silo.Testing;

namespace Silo.Server.Tests.Storage;

/// <summary>The two engines' migrations describe one schema: same versions, same tables, same columns of the same kind.</summary>
public sealed class MigrationsInStepTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("silo-schema-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void All_BothEngines_HaveTheSameVersionsAndNames()
    {
        Assert.Equal(Migrator.All.Select(m => m.Name), Migrator.AllPostgres.Select(m => m.Name));
    }

    [PostgresFact]
    public async Task Apply_BothEngines_GiveTheSameTablesAndColumns()
    {
        var sqlite = SqliteColumns();
        var schema = "silo_schema_" + Guid.NewGuid().ToString("N");
        var cs = await TestPostgres.CreateSchemaAsync(schema);
        try
        {
            await using (var dataSource = NpgsqlDataSource.Create(cs)) Migrator.Apply(dataSource);
            var postgres = await PostgresColumnsAsync(cs, schema);

            Assert.Equal(sqlite.Keys.Order(StringComparer.Ordinal), postgres.Keys.Order(StringComparer.Ordinal));
            foreach (var (table, columns) in sqlite)
                Assert.Equal($"{table}: {string.Join(", ", columns)}", $"{table}: {string.Join(", ", postgres[table])}");
        }
        finally
        {
            await TestPostgres.DropSchemaAsync(schema);
        }
    }

    /// <summary>Every table's columns as "name kind", kind being integer or text.</summary>
    private Dictionary<string, List<string>> SqliteColumns()
    {
        var path = Path.Combine(_dir, "silo.db");
        Migrator.Apply(path);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        // Views too, as information_schema.columns lists them. sqlite_sequence is SQLite's own bookkeeping of AUTOINCREMENT.
        command.CommandText = """
            SELECT m.name, c.name, c.type FROM sqlite_master m JOIN pragma_table_info(m.name) c
            WHERE m.type IN ('table', 'view') AND m.name <> 'sqlite_sequence'
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<(string Table, string Column, string Kind)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1), Kind(reader.GetString(2))));
        return Group(rows);
    }

    private static async Task<Dictionary<string, List<string>>> PostgresColumnsAsync(string cs, string schema)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        // "rowid" stands in for SQLite's implicit rowid, which pragma_table_info does not list.
        await using var command = new NpgsqlCommand("""
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = @schema AND column_name <> 'rowid'
            """, connection);
        command.Parameters.AddWithValue("schema", schema);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string Table, string Column, string Kind)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1), Kind(reader.GetString(2))));
        return Group(rows);
    }

    private static string Kind(string type) => type.ToUpperInvariant() switch
    {
        "INTEGER" or "BIGINT" => "integer",
        "TEXT" => "text",
        var other => other,
    };

    private static Dictionary<string, List<string>> Group(List<(string Table, string Column, string Kind)> rows) =>
        rows.GroupBy(r => r.Table, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => $"{r.Column} {r.Kind}").Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
}
