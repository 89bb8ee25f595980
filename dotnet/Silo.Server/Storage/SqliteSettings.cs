using Microsoft.Data.Sqlite;

namespace Silo.Server.Storage;

/// <summary>
/// How the embedded store opens its file, in one place: the server uses these settings, and the
/// benchmarks' store baseline opens its own file with exactly the same ones.
/// </summary>
public static class SqliteSettings
{
    /// <summary>
    /// Every commit reaches the disk (the WAL is synced) before its request is answered, so an
    /// acknowledged write survives a power cut, not only a crash of the process. Said explicitly
    /// because SQLite builds differ in their default.
    /// </summary>
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";

    /// <param name="writer">
    /// The one long-lived writing connection: it checks foreign keys and is not pooled. Readers skip
    /// the foreign-key pragma, which would otherwise run on every open, and come from the pool.
    /// </param>
    public static string ConnectionString(string path, bool writer) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            ForeignKeys = writer ? true : null,
            DefaultTimeout = 30,
            Pooling = !writer,
        }.ToString();

    public static void Apply(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
