using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Silo.Server.Storage;

/// <summary>
/// Advisory locks and <c>NOTIFY</c> channels belong to the whole PostgreSQL database, but one
/// database may hold several silos, each in a schema of its own (the connection's Search Path).
/// Each silo derives its lock keys and its channel from its schema, so two silos never wait on,
/// lead for, or wake each other.
/// </summary>
public sealed class PostgresScope
{
    private PostgresScope(string schema) => Schema = schema;

    /// <summary>The first schema of the Search Path; <c>public</c> when none is set.</summary>
    public string Schema { get; }

    public static PostgresScope Of(NpgsqlDataSource dataSource) => Of(dataSource.ConnectionString);

    public static PostgresScope Of(string connectionString)
    {
        var path = new NpgsqlConnectionStringBuilder(connectionString).SearchPath;
        var first = string.IsNullOrWhiteSpace(path) ? "public" : path.Split(',')[0].Trim().Trim('"');
        return new PostgresScope(first.Length == 0 ? "public" : first);
    }

    /// <summary>The key of this silo's advisory lock for <paramref name="purpose"/> (migrating, event ids, maintenance).</summary>
    public long LockKey(string purpose) => BinaryPrimitives.ReadInt64LittleEndian(Hash(purpose));

    /// <summary>The channel on which this silo's commits wake the instances' event streams; always a plain identifier.</summary>
    public string EventsChannel => "silo_events_" + Convert.ToHexStringLower(Hash("events"))[..16];

    private byte[] Hash(string purpose) => SHA256.HashData(Encoding.UTF8.GetBytes(Schema + "\n" + purpose));
}
