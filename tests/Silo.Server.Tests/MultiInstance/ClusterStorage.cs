using Npgsql;

namespace Silo.Server.Tests.MultiInstance;

/// <summary>
/// The database a <see cref="ServerCluster"/> runs on. With <c>SILO_TEST_POSTGRES</c> (the
/// connection string of a throwaway PostgreSQL cluster) each test gets a fresh database in it,
/// dropped afterwards, and several instances share it; without, one instance on the embedded
/// SQLite default, since SQLite in one data directory serves one process.
/// </summary>
internal sealed class ClusterStorage : IAsyncDisposable
{
    public const string PostgresVariable = "SILO_TEST_POSTGRES";

    private readonly string? _adminConnection;
    private readonly string? _databaseName;

    private ClusterStorage(string? adminConnection, string? databaseName, string? connectionString)
    {
        _adminConnection = adminConnection;
        _databaseName = databaseName;
        ConnectionString = connectionString;
    }

    /// <summary>The value passed to every instance as <c>SILO_DATABASE</c>; null on SQLite.</summary>
    public string? ConnectionString { get; }

    public bool IsPostgres => ConnectionString is not null;

    public string Description => IsPostgres ? $"PostgreSQL database {_databaseName}" : "SQLite (embedded default; one instance)";

    public static bool PostgresConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    public static async Task<ClusterStorage> CreateAsync(CancellationToken ct)
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin)) return new ClusterStorage(null, null, null);

        var name = "silo_mi_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(admin, $"CREATE DATABASE {name}", ct);
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new ClusterStorage(admin, name, builder.ConnectionString);
    }

    /// <summary>
    /// How many tables the scratch database holds: an instance that really runs on it has created
    /// its schema, one that ignored the setting (and fell back to SQLite) has not.
    /// </summary>
    public async Task<long> TableCountAsync(CancellationToken ct)
    {
        if (ConnectionString is null) throw new InvalidOperationException("SQLite has no scratch database.");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_adminConnection is null || _databaseName is null) return;
        // FORCE: a killed instance's connections may linger until the server notices them gone.
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_adminConnection, $"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", CancellationToken.None);
    }
}
