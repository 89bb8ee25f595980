using Npgsql;
using Silo.Testing;

namespace Silo.Server.Tests.MultiInstance;

/// <summary>
/// The database a <see cref="ServerCluster"/> runs on. With <c>SILO_TEST_POSTGRES</c> (the
/// connection string of a throwaway PostgreSQL cluster) each test gets a fresh database in it,
/// dropped afterwards, and several instances share it; without, one instance on the embedded
/// SQLite default, since SQLite in one data directory serves one process.
/// </summary>
internal sealed class ClusterStorage : IAsyncDisposable
{
    private readonly ScratchPostgresDatabase? _scratch;

    private ClusterStorage(ScratchPostgresDatabase? scratch) => _scratch = scratch;

    /// <summary>The value passed to every instance as <c>SILO_DATABASE</c>; null on SQLite.</summary>
    public string? ConnectionString => _scratch?.ConnectionString;

    public bool IsPostgres => _scratch is not null;

    public string Description => _scratch is { } scratch ? $"PostgreSQL database {scratch.Name}" : "SQLite (embedded default; one instance)";

    public static bool PostgresConfigured => TestPostgres.Enabled;

    public static async Task<ClusterStorage> CreateAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return new ClusterStorage(TestPostgres.Enabled ? await ScratchPostgresDatabase.CreateAsync(ct: ct) : null);
    }

    /// <summary>
    /// How many tables the scratch database holds: an instance that really runs on it has created
    /// its schema, one that ignored the setting (and fell back to SQLite) has not.
    /// </summary>
    public async Task<long> TableCountAsync(CancellationToken ct)
    {
        if (_scratch is null) throw new InvalidOperationException("SQLite has no scratch database.");
        await using var command = _scratch.DataSource.CreateCommand("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_scratch is null) return;
        // A killed instance's connections may linger in this process's pools; the drop forces the rest.
        NpgsqlConnection.ClearAllPools();
        await _scratch.DisposeAsync();
    }
}
