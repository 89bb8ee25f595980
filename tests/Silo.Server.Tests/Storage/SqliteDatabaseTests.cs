using Silo.Server.Storage;

namespace Silo.Server.Tests.Storage;

[Trait("Engine", "Sqlite")]
public sealed class SqliteDatabaseTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "silo-db-test-" + Guid.NewGuid().ToString("N"));
    private SqliteDatabase _db = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = new SqliteDatabase(TestDatabase.PathIn(_dir));
        await _db.WriteAsync(s => s.ExecuteAsync("CREATE TABLE rows (name TEXT PRIMARY KEY)", null, CancellationToken.None), CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Holds the writer inside a write until released, so the writes queued meanwhile form one group.</summary>
    private async Task<(Task Blocker, TaskCompletionSource Release)> BlockWriterAsync()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = _db.WriteAsync(async s =>
        {
            entered.SetResult();
            await release.Task;
            return true;
        }, CancellationToken.None);
        await entered.Task.WaitAsync(Timeout);
        return (blocker, release);
    }

    private Task<int> InsertAsync(string name) =>
        _db.WriteAsync(s => s.ExecuteAsync("INSERT INTO rows(name) VALUES (@name)", new { name }, CancellationToken.None), CancellationToken.None);

    private Task<List<string>> NamesAsync() =>
        _db.ReadAsync(async s => (await s.QueryAsync<string>("SELECT name FROM rows ORDER BY name", null, CancellationToken.None)).ToList(), CancellationToken.None);

    [Fact]
    public async Task WriteAsync_OneWriteOfAGroupFails_OnlyItIsRolledBack()
    {
        var (blocker, release) = await BlockWriterAsync();
        var first = InsertAsync("a");
        var failing = _db.WriteAsync<int>(async s =>
        {
            await s.ExecuteAsync("INSERT INTO rows(name) VALUES ('b')", null, CancellationToken.None);
            throw new InvalidOperationException("refused after writing");
        }, CancellationToken.None);
        var duplicate = InsertAsync("a");
        var last = InsertAsync("c");

        release.SetResult();
        await blocker.WaitAsync(Timeout);

        Assert.Equal(1, await first.WaitAsync(Timeout));
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Timeout));
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => duplicate.WaitAsync(Timeout));
        Assert.Equal(1, await last.WaitAsync(Timeout));
        Assert.Equal(["a", "c"], await NamesAsync());
    }

    [Fact]
    public async Task WriteAsync_LaterWriteInTheGroup_SeesEarlierWrites()
    {
        var (blocker, release) = await BlockWriterAsync();
        var insert = InsertAsync("x");
        var count = _db.WriteAsync(s => s.ScalarAsync<long>("SELECT COUNT(*) FROM rows WHERE name = 'x'", null, CancellationToken.None), CancellationToken.None);

        release.SetResult();
        await blocker.WaitAsync(Timeout);

        await insert.WaitAsync(Timeout);
        Assert.Equal(1, await count.WaitAsync(Timeout));
    }

    [Fact]
    public async Task WriteAsync_CancelledWhileQueued_NeverRuns()
    {
        var (blocker, release) = await BlockWriterAsync();
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var queued = _db.WriteAsync(async s =>
        {
            ran = true;
            return await s.ExecuteAsync("INSERT INTO rows(name) VALUES ('never')", null, CancellationToken.None);
        }, cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Timeout));
        release.SetResult();
        await blocker.WaitAsync(Timeout);
        await InsertAsync("after");

        Assert.False(ran);
        Assert.Equal(["after"], await NamesAsync());
    }

    [Fact]
    public async Task WriteAsync_AfterCommitActions_RunForCommittedWritesOnly()
    {
        var (blocker, release) = await BlockWriterAsync();
        var committed = new List<string>();
        var undone = new List<string>();
        var kept = _db.WriteAsync(async s =>
        {
            s.AfterCommit(() => committed.Add("kept"));
            s.AfterRollback(() => undone.Add("kept"));
            return await s.ExecuteAsync("INSERT INTO rows(name) VALUES ('kept')", null, CancellationToken.None);
        }, CancellationToken.None);
        var dropped = _db.WriteAsync<int>(s =>
        {
            s.AfterCommit(() => committed.Add("dropped"));
            s.AfterRollback(() => undone.Add("dropped"));
            throw new InvalidOperationException("rolled back");
        }, CancellationToken.None);

        release.SetResult();
        await blocker.WaitAsync(Timeout);
        await kept.WaitAsync(Timeout);
        await Assert.ThrowsAsync<InvalidOperationException>(() => dropped.WaitAsync(Timeout));

        Assert.Equal(["kept"], committed);
        Assert.Equal(["dropped"], undone);
    }

    [Fact]
    public async Task WriteAsync_ManyConcurrentWrites_AllDurableOnceAnswered()
    {
        var writes = Enumerable.Range(0, 200).Select(i => Task.Run(() => InsertAsync($"n{i:000}"))).ToList();

        await Task.WhenAll(writes).WaitAsync(Timeout);

        // A fresh connection sees every answered write: each one was committed before its task completed.
        var count = await TestDatabase.ScalarAsync<long>(_dir, "SELECT COUNT(*) FROM rows", []);
        Assert.Equal(200, count);
    }

    [Fact]
    public async Task WriteAsync_StatementFailedOnAConstraint_SameStatementRunsAgainAfterwards()
    {
        await InsertAsync("a");

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => InsertAsync("a"));
        await InsertAsync("b");
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => InsertAsync("b"));
        await InsertAsync("c");

        Assert.Equal(["a", "b", "c"], await NamesAsync());
    }

    [Fact]
    public async Task WriteAsync_QueriesOnTheWriter_ReadRowsValuesAndScalarsAsDapperDoes()
    {
        await InsertAsync("a");
        await InsertAsync("b");

        var (names, one, none, count, missing) = await _db.WriteAsync(async s => (
            (await s.QueryAsync<string>("SELECT name FROM rows ORDER BY name", null, CancellationToken.None)).ToList(),
            await s.QuerySingleOrDefaultAsync<string>("SELECT name FROM rows WHERE name = @name", new { name = "b" }, CancellationToken.None),
            await s.QuerySingleOrDefaultAsync<string>("SELECT name FROM rows WHERE name = @name", new { name = "z" }, CancellationToken.None),
            await s.ScalarAsync<int>("SELECT COUNT(*) FROM rows", null, CancellationToken.None),
            await s.ScalarAsync<long?>("SELECT MAX(length(name)) FROM rows WHERE name = @name", new { name = "z" }, CancellationToken.None)),
            CancellationToken.None);

        Assert.Equal(["a", "b"], names);
        Assert.Equal(("b", (string?)null, 2, (long?)null), (one, none, count, missing));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.WriteAsync(
            s => s.QuerySingleOrDefaultAsync<string>("SELECT name FROM rows", null, CancellationToken.None), CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_KeptConnection_SeesWhatCommittedSinceItsLastRead()
    {
        await InsertAsync("a");
        Assert.Equal(["a"], await NamesAsync());
        await InsertAsync("b");
        // The same compiled statement on the same kept connection: no snapshot may linger from the first read.
        Assert.Equal(["a", "b"], await NamesAsync());
    }

    [Fact]
    public async Task ReadAsync_WorkThrows_ThrowsAndTheNextReadWorks()
    {
        await InsertAsync("a");
        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.ReadAsync<int>(async s =>
        {
            await s.QueryAsync<string>("SELECT name FROM rows", null, CancellationToken.None);
            throw new InvalidOperationException("refused after reading");
        }, CancellationToken.None));
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            _db.ReadAsync(s => s.ScalarAsync<long>("SELECT COUNT(*) FROM no_such_table", null, CancellationToken.None), CancellationToken.None));
        Assert.Equal(["a"], await NamesAsync());
    }

    [Fact]
    public async Task ReadAsync_ManyAtOnce_EachOnItsOwnConnection()
    {
        await InsertAsync("a");
        var inside = 0;
        var peak = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int readers = 20;
        var reads = Enumerable.Range(0, readers).Select(_ => Task.Run(() => _db.ReadAsync(async s =>
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref peak, now);
            if (now == readers) all.SetResult();
            // Every read holds its connection until all have one: none may be handed one in use.
            await all.Task.WaitAsync(Timeout);
            var names = (await s.QueryAsync<string>("SELECT name FROM rows", null, CancellationToken.None)).ToList();
            Interlocked.Decrement(ref inside);
            return (s.Connection, names);
        }, CancellationToken.None))).ToList();
        var results = await Task.WhenAll(reads).WaitAsync(Timeout);
        Assert.Equal(readers, peak);
        Assert.Equal(readers, results.Select(r => r.Connection).Distinct().Count());
        Assert.All(results, r => Assert.Equal(["a"], r.names));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
