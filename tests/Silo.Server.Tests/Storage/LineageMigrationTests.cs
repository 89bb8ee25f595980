using Microsoft.Data.Sqlite;
using Silo.Server.Storage;

namespace Silo.Server.Tests.Storage;

/// <summary>A database from before lineage gets versions for what it holds, in the order it was made.</summary>
[Trait("Engine", "Sqlite")]
public sealed class LineageMigrationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("silo-lineage-migration-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DbPath => Path.Combine(_dir, "silo.db");

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private void Run(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<string> Rows(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i).ToString())));
        return rows;
    }

    [Fact]
    public void Apply_OverDataFromBeforeLineage_NumbersRevisionsAndCheckpointsAndKeepsTheHeadCheckpoint()
    {
        // The schema as the previous release left it, with a history on two items.
        var earlier = Migrator.All.Where(m => m.Name != "V0005_lineage").ToList();
        Run("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT '')");
        foreach (var migration in earlier) Run(migration.Sql + $";INSERT INTO schema_migrations(version, name) VALUES ({migration.Version}, '{migration.Name}');");
        Run("""
            INSERT INTO users(id, username, role, token_hash, created_at) VALUES ('u1', 'alice', 'editor', 'h1', 0), ('u2', 'bob', 'editor', 'h2', 0);
            INSERT INTO items(id, part_number, category, project, description, created_by, created_at, updated_at)
            VALUES ('i1', 'PRT-1', 'C', 'P', 'd', 'u1', 0, 0), ('i2', 'PRT-2', 'C', 'P', 'd', 'u1', 0, 0), ('i3', 'PRT-3', 'C', 'P', 'd', 'u1', 0, 0);
            INSERT INTO blobs(sha256, size, created_at) VALUES ('a', 1, 0), ('b', 1, 0), ('c', 1, 0), ('d', 1, 0);
            INSERT INTO revisions(id, item_id, revision, file_hash, file_size, comment, status, created_by, created_at)
            VALUES ('r1', 'i1', 1, 'a', 1, '', 'draft', 'u1', 100), ('r2', 'i1', 2, 'c', 1, '', 'draft', 'u1', 300), ('r3', 'i2', 1, 'a', 1, '', 'draft', 'u2', 100);
            INSERT INTO checkpoints(id, item_id, user_id, context, file_hash, file_size, dag_synced, created_at, expires_at)
            VALUES ('c1', 'i1', 'u2', 'body_close', 'b', 1, 0, 200, 5000), ('c2', 'i2', 'u2', 'manual', 'd', 1, 0, 400, 5000);
            """);

        Assert.Equal([5], Migrator.Apply(DbPath));

        Assert.Equal(
            ["i1|1|revision|r1|a|null", "i1|2|checkpoint|c1|b|null", "i1|3|revision|r2|c|null", "i2|1|revision|r3|a|null", "i2|2|checkpoint|c2|d|null"],
            Rows("SELECT item_id, version, kind, ref_id, file_hash, base_version FROM versions ORDER BY item_id, version"));
        Assert.Equal(["i1|3", "i2|2", "i3|null"], Rows("SELECT id, head_version FROM items ORDER BY id"));
        // c2 is its item's head and is kept; c1 was followed by a revision and keeps its expiry.
        Assert.Equal(["c1|5000", $"c2|{Time.Never}"], Rows("SELECT id, expires_at FROM checkpoints ORDER BY id"));
    }
}
