using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Storage;
using Silo.Testing;
using Xunit.Abstractions;
using static Silo.Server.Tests.Subscriptions.SubscriptionTestKit;

namespace Silo.Server.Tests.Sync;

public sealed class SyncDiffScaleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int ItemCount = 10_000;
    private const int Changed = 100;

    private SiloTestServer _server = null!;

    public async Task InitializeAsync() => _server = await SiloTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string PartNumber(int i) => $"BULK-{i:D5}";

    [Fact]
    public async Task Diff_10000SubscribedItemsWith100NewRevisions_ReturnsExactlyThe100Updates()
    {
        using var alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
        var ws = await RegisterWorkstationAsync(alice, "alice-desk");
        var db = _server.Services.GetRequiredService<IDatabase>();
        var now = _server.Clock.GetUtcNow().ToUnixTimeMilliseconds();

        // Seeding through SQL in one transaction: the HTTP path for each item is covered elsewhere.
        await db.WriteAsync(async s =>
        {
            var userId = await s.ScalarAsync<string>("SELECT id FROM users WHERE username = 'alice'", null, CancellationToken.None);
            var rows = Enumerable.Range(0, ItemCount).Select(i => new
            {
                id = Guid.NewGuid().ToString(), revisionId = Guid.NewGuid().ToString(), pn = PartNumber(i), hash = Hash(PartNumber(i) + "/1"), userId, now,
            }).ToList();
            await s.Connection.ExecuteAsync("INSERT INTO blobs(sha256, size, created_at) VALUES (@hash, 1, @now)", rows, s.Transaction);
            await s.Connection.ExecuteAsync("""
                INSERT INTO items(id, part_number, category, project, description, created_by, created_at, updated_at)
                VALUES (@id, @pn, 'Bulk', 'Scale', 'Seeded part', @userId, @now, @now)
                """, rows, s.Transaction);
            await s.Connection.ExecuteAsync("""
                INSERT INTO revisions(id, item_id, revision, file_hash, file_size, comment, status, created_by, created_at, released_by, released_at)
                VALUES (@revisionId, @id, 1, @hash, 1, '', 'released', @userId, @now, @userId, @now)
                """, rows, s.Transaction);
            return true;
        }, CancellationToken.None);

        await SubscribeAsync(alice, ws, "category", "Bulk", "latest_released");
        var report = Enumerable.Range(0, ItemCount)
            .Select(i => new { part_number = PartNumber(i), revision = 1, file_hash = Hash(PartNumber(i) + "/1"), is_checkpoint = false })
            .ToArray();
        Assert.Equal(HttpStatusCode.NoContent, (await alice.PostJsonAsync($"/api/workstations/{ws}/sync-state", new { items = report })).StatusCode);
        var unchanged = await DiffAsync(alice, ws, "?limit=5000");
        Assert.Empty(Entries(unchanged));

        var changed = Enumerable.Range(0, Changed).Select(i => i * (ItemCount / Changed) + 7).ToList();
        await db.WriteAsync(async s =>
        {
            var rows = changed.Select(i => new { revisionId = Guid.NewGuid().ToString(), pn = PartNumber(i), hash = Hash(PartNumber(i) + "/2"), now = now + 1 }).ToList();
            await s.Connection.ExecuteAsync("INSERT INTO blobs(sha256, size, created_at) VALUES (@hash, 1, @now)", rows, s.Transaction);
            await s.Connection.ExecuteAsync("""
                INSERT INTO revisions(id, item_id, revision, file_hash, file_size, comment, status, created_by, created_at, released_by, released_at)
                SELECT @revisionId, i.id, 2, @hash, 1, '', 'released', i.created_by, @now, i.created_by, @now FROM items i WHERE i.part_number = @pn
                """, rows, s.Transaction);
            return true;
        }, CancellationToken.None);

        await DiffAsync(alice, ws, "?limit=5000"); // warm-up: JIT and page cache, so the timing below is the steady state
        var timer = Stopwatch.StartNew();
        var diff = await DiffAsync(alice, ws, "?limit=5000");
        timer.Stop();
        output.WriteLine($"sync diff over {ItemCount} subscribed items with {Changed} changes: {timer.Elapsed.TotalMilliseconds:F0} ms");

        var entries = Entries(diff);
        Assert.Equal(Changed, entries.Count);
        Assert.All(entries, e => Assert.Equal("update", e.Action));
        Assert.Equal(changed.Select(PartNumber), entries.Select(e => e.PartNumber));
        Assert.All(diff.GetProperty("updates").EnumerateArray(), e => Assert.Equal(2, e.GetProperty("target_revision").GetInt32()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, diff.GetProperty("next_cursor").ValueKind);
        // Measured 0.9-1.6 s (Debug) on a shared 2-core machine at load average 15-18, where its SQL
        // alone takes about 0.15 s; the bound leaves room for such load while a query per item would not fit.
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(5), $"The diff took {timer.Elapsed}.");
    }
}
