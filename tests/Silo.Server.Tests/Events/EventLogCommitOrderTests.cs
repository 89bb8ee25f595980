using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Events;
using Silo.Server.Storage;
using Silo.Testing;

namespace Silo.Server.Tests.Events;

/// <summary>
/// A reader resuming "after N" must never skip an event. On PostgreSQL several transactions append
/// at once; this one matters there (the suite's PostgreSQL pass), and holds trivially on SQLite.
/// </summary>
public sealed class EventLogCommitOrderTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync() => _server = await SiloTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AppendAsync_ConcurrentSlowCommits_ReaderResumingAfterLastSeenMissesNothing()
    {
        var db = _server.Services.GetRequiredService<IDatabase>();
        var log = _server.Services.GetRequiredService<EventLog>();
        var seen = new ConcurrentBag<long>();
        using var writersDone = new CancellationTokenSource();

        var reader = Task.Run(async () =>
        {
            long after = 0;
            while (true)
            {
                var finished = writersDone.IsCancellationRequested;
                var ids = await db.ReadAsync(async s => (await s.QueryAsync<long>("SELECT id FROM events WHERE id > @after ORDER BY id", new { after }, default)).ToList(), default);
                foreach (var id in ids) seen.Add(id);
                if (ids.Count > 0) after = ids[^1];
                if (finished) return;
            }
        });

        // Each writer takes its id and then lingers before committing, the way a slow transaction
        // would: without ordering, a later id commits first and the reader moves past the earlier one.
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
                await db.WriteAsync(async s =>
                {
                    var id = await log.AppendAsync(s, "test.order", null, null, new { w, i }, null, default);
                    await Task.Delay(Random.Shared.Next(0, 4));
                    return id;
                }, default);
        })).ToList();
        await Task.WhenAll(writers);
        await writersDone.CancelAsync();
        await reader;

        var all = await db.ReadAsync(async s => (await s.QueryAsync<long>("SELECT id FROM events ORDER BY id", null, default)).ToList(), default);
        Assert.True(all.Count >= 200);
        Assert.Equal(all, seen.Order().ToList());
    }
}
