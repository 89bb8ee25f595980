using Microsoft.Data.Sqlite;
using Silo.Server.Storage;

namespace Silo.Server.Tests.Storage;

[Trait("Engine", "Sqlite")]
public sealed class MigratorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "silo-migrator-" + Guid.NewGuid().ToString("N"));

    public MigratorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DbPath => Path.Combine(_dir, "silo.db");

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private List<(long Version, string Name)> AppliedRows()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name FROM schema_migrations ORDER BY version";
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string)>();
        while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetString(1)));
        return rows;
    }

    private List<string> Tables()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    [Fact]
    public void All_IsOrderedByVersionWithoutGapsOrDuplicates()
    {
        var versions = Migrator.All.Select(m => m.Version).ToList();

        Assert.NotEmpty(versions);
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
        Assert.All(Migrator.All, m => Assert.StartsWith($"V{m.Version:0000}_", m.Name, StringComparison.Ordinal));
        Assert.All(Migrator.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Sql)));
    }

    [Fact]
    public void Apply_EmptyDatabase_AppliesEveryMigrationAndRecordsEach()
    {
        var applied = Migrator.Apply(DbPath);

        Assert.Equal(Migrator.All.Select(m => m.Version), applied);
        Assert.Equal(Migrator.All.Select(m => ((long)m.Version, m.Name)), AppliedRows());
        Assert.Superset(new HashSet<string> { "schema_migrations", "users", "items", "blobs", "revisions", "locks", "audit_log", "events", "server_state" },
            Tables().ToHashSet());
    }

    [Fact]
    public void Apply_Twice_SecondAppliesNothingAndKeepsTheRows()
    {
        Migrator.Apply(DbPath);
        var rowsAfterFirst = AppliedRows();
        var tablesAfterFirst = Tables();

        var second = Migrator.Apply(DbPath);

        Assert.Empty(second);
        Assert.Equal(rowsAfterFirst, AppliedRows());
        Assert.Equal(tablesAfterFirst, Tables());
    }

    [Fact]
    public void Apply_Again_KeepsExistingData()
    {
        Migrator.Apply(DbPath);
        using (var connection = Open())
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO users(id, username, role, token_hash, created_at) VALUES ('u1', 'alice', 'editor', 'h', 0)";
            insert.ExecuteNonQuery();
        }

        Migrator.Apply(DbPath);

        using var check = Open();
        using var count = check.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM users";
        Assert.Equal(1L, count.ExecuteScalar());
    }

    [Fact]
    public void Apply_UsesWalJournal()
    {
        Migrator.Apply(DbPath);

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }
}
