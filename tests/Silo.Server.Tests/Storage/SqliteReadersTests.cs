using System.Data;
using Silo.Server.Storage;

namespace Silo.Server.Tests.Storage;

[Trait("Engine", "Sqlite")]
public sealed class SqliteReadersTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "silo-readers-test-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteReaders _readers;

    public SqliteReadersTests()
    {
        Directory.CreateDirectory(_dir);
        _readers = new SqliteReaders(SqliteSettings.ConnectionString(TestDatabase.PathIn(_dir), writer: false));
    }

    public void Dispose()
    {
        _readers.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Take_AfterReturn_HandsOutTheSameOpenConnection()
    {
        var first = _readers.Take();
        _readers.Return(first);
        var again = _readers.Take();
        Assert.Same(first, again);
        Assert.Equal(ConnectionState.Open, again.Connection.State);
        _readers.Return(again);
    }

    [Fact]
    public void Return_MoreThanAreKeptIdle_ClosesTheRest()
    {
        var taken = Enumerable.Range(0, 40).Select(_ => _readers.Take()).ToList();
        foreach (var reader in taken) _readers.Return(reader);
        Assert.All(taken.Take(SqliteReaders.MaxIdle), r => Assert.Equal(ConnectionState.Open, r.Connection.State));
        Assert.All(taken.Skip(SqliteReaders.MaxIdle), r => Assert.Equal(ConnectionState.Closed, r.Connection.State));
    }

    [Fact]
    public void Dispose_ClosesTheIdleConnectionsAndRefusesMore()
    {
        var reader = _readers.Take();
        _readers.Return(reader);
        _readers.Dispose();
        Assert.Equal(ConnectionState.Closed, reader.Connection.State);
        Assert.Throws<ObjectDisposedException>(() => _readers.Take());
    }

    [Fact]
    public void Return_AfterDispose_ClosesTheConnection()
    {
        var reader = _readers.Take();
        _readers.Dispose();
        _readers.Return(reader);
        Assert.Equal(ConnectionState.Closed, reader.Connection.State);
    }
}
