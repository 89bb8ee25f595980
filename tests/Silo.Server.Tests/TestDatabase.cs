using Microsoft.Data.Sqlite;

namespace Silo.Server.Tests;

/// <summary>Reads a server's silo.db directly, to check what the API really stored.</summary>
public static class TestDatabase
{
    public static string PathIn(string dataDir) => Path.Combine(dataDir, "silo.db");

    public static async Task<T> ScalarAsync<T>(string dataDir, string sql, params (string Name, object Value)[] args)
    {
        // No pooling: a pooled handle would keep the file open after the test deletes the data dir.
        var cs = new SqliteConnectionStringBuilder { DataSource = PathIn(dataDir), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(cs);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, value);
        var result = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(result!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<long> CountAsync(string dataDir, string table) => ScalarAsync<long>(dataDir, $"SELECT COUNT(*) FROM {table}");
}
