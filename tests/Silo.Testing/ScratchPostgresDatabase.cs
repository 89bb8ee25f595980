using Npgsql;

namespace Silo.Testing;

/// <summary>
/// A database of its own on the test cluster (<see cref="TestPostgres.ClusterConnectionString"/>, or
/// the cluster a bench was given), dropped at the end: notifications and advisory locks are scoped to a database, so tests running
/// side by side cannot hear or block each other.
/// </summary>
public sealed class ScratchPostgresDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private ScratchPostgresDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        _name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name => _name;

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <param name="cluster">A connection string to the cluster; by default the test cluster's.</param>
    public static async Task<ScratchPostgresDatabase> CreateAsync(string? cluster = null, CancellationToken ct = default)
    {
        var admin = cluster ?? TestPostgres.ClusterConnectionString
            ?? throw new InvalidOperationException(TestPostgres.Variable + " is not set");
        var name = "silo_test_" + Guid.NewGuid().ToString("N");
        await using (var server = NpgsqlDataSource.Create(admin))
        await using (var create = server.CreateCommand($"CREATE DATABASE {name}"))
            await create.ExecuteNonQueryAsync(ct);
        return new ScratchPostgresDatabase(admin, name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await using var server = NpgsqlDataSource.Create(_admin);
        await using var drop = server.CreateCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}
