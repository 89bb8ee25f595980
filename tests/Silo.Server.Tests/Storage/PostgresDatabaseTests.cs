using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Storage;
using Silo.Testing;

namespace Silo.Server.Tests.Storage;

/// <summary>Writes on PostgreSQL run side by side; the database, not the process, keeps them apart.</summary>
public sealed class PostgresDatabaseTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync() => _server = await SiloTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [PostgresFact]
    public async Task WriteAsync_ConcurrentReadThenWriteOfOneRow_LosesNoUpdate()
    {
        var db = _server.Services.GetRequiredService<IDatabase>();
        Assert.IsType<PostgresDatabase>(db);

        // Read, decide, write: the shape of every store's rule. Two such writes interleaved without
        // exclusion would both read n and both write n + 1.
        var writers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
                await db.WriteAsync(async s =>
                {
                    var value = long.Parse(await s.QuerySingleOrDefaultAsync<string>("SELECT value FROM server_state WHERE key = 'test.counter'", null, default) ?? "0",
                        System.Globalization.CultureInfo.InvariantCulture);
                    await Task.Delay(1);
                    return await s.ExecuteAsync("""
                        INSERT INTO server_state(key, value) VALUES ('test.counter', @value)
                        ON CONFLICT(key) DO UPDATE SET value = excluded.value
                        """, new { value = (value + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) }, default);
                }, default);
        })).ToList();
        await Task.WhenAll(writers);

        Assert.Equal("60", await db.ReadAsync(s => s.ScalarAsync<string>("SELECT value FROM server_state WHERE key = 'test.counter'", null, default), default));
    }

    [PostgresFact]
    public async Task WriteAsync_AttemptAbortedAsAConflict_UndoesItAndRunsAgain()
    {
        var db = _server.Services.GetRequiredService<IDatabase>();
        var undone = 0;
        var committed = 0;
        var attempts = 0;

        var result = await db.WriteAsync(s =>
        {
            s.AfterRollback(() => undone++);
            s.AfterCommit(() => committed++);
            if (++attempts < 3) throw new Npgsql.PostgresException("conflict", "ERROR", "ERROR", Npgsql.PostgresErrorCodes.SerializationFailure);
            return Task.FromResult(attempts);
        }, default);

        Assert.Equal(3, result);
        Assert.Equal(2, undone);
        Assert.Equal(1, committed);
    }
}
