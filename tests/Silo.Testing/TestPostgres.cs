using Npgsql;

namespace Silo.Testing;

/// <summary>
/// When <c>SILO_TEST_POSTGRES</c> holds the connection string of a (throwaway) PostgreSQL cluster,
/// every test server stores there instead of in SQLite: each in a schema of its own (far cheaper
/// than a database each), dropped when the server is disposed. test.sh runs the server suite once
/// each way.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SILO_TEST_POSTGRES";

    public static string? ClusterConnectionString { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    public static bool Enabled => ClusterConnectionString is not null;

    /// <returns>The connection string of a new, empty schema, which it alone searches.</returns>
    public static async Task<string> CreateSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ClusterConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ClusterConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ClusterConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
