using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Silo.Testing;
using Xunit.Abstractions;

namespace Silo.Server.Tests.Locks;

/// <summary>
/// Many editors racing for one item over real connections. Whatever the interleaving, the server's
/// event log must show one holder at a time, and every acquire a client was told about.
/// </summary>
public sealed class LockContentionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Part = "PRT-500";
    private const int Clients = 32;
    private const int AttemptsPerClient = 20;

    /// <summary>The whole race must end well inside a minute; past this every request is cancelled and the test fails.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(45);

    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        // The clock never moves here, so no lock can expire: every end of a lock is a release.
        _server = await SiloTestServer.StartAsync(LockTestKit.ManualMaintenance);
        await _server.CreateItemAsync(Part);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>What one client saw. Anomalies are collected, not thrown, so the race always runs to its end.</summary>
    private sealed record ClientResult(string User, List<string> AcquiredLockIds, int Releases, int Conflicts, List<string> Anomalies);

    [Fact]
    public async Task AcquireRelease_32ConcurrentEditors_OneHolderAtATimeAndNoAcquireLost()
    {
        var users = new List<(string Name, string Token)>();
        for (var i = 0; i < Clients; i++)
        {
            var name = $"racer{i:00}";
            users.Add((name, await _server.CreateUserAsync(name, "editor")));
        }
        var clients = users.Select(u => _server.Client(u.Token)).ToList();
        try
        {
            using var budget = new CancellationTokenSource(Budget);
            // Open each client's connection before the start, so the race is between requests, not handshakes.
            foreach (var client in clients) (await client.GetAsync("/api/me", budget.Token)).EnsureSuccessStatusCode();

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racers = users.Select((u, i) => RaceAsync(u.Name, clients[i], start.Task, budget.Token)).ToList();
            var clock = Stopwatch.StartNew();
            start.SetResult();
            var results = await Task.WhenAll(racers);
            clock.Stop();

            var acquired = results.SelectMany(r => r.AcquiredLockIds).ToList();
            var releases = results.Sum(r => r.Releases);
            var conflicts = results.Sum(r => r.Conflicts);
            output.WriteLine($"{Clients * AttemptsPerClient} attempts by {Clients} clients in {clock.ElapsedMilliseconds} ms: " +
                $"{acquired.Count} acquired (201), {releases} released (204), {conflicts} refused (409).");
            output.WriteLine("acquires per client: " + string.Join(" ", results.Select(r => r.AcquiredLockIds.Count)));

            Assert.Empty(results.SelectMany(r => r.Anomalies));
            Assert.Equal(Clients * AttemptsPerClient, acquired.Count + conflicts);
            Assert.Equal(acquired.Count, releases);
            Assert.True(acquired.Count > 0, "nobody ever got the lock");
            Assert.True(conflicts > 0, "the clients never actually contended");
            Assert.Equal(acquired.Count, acquired.Distinct().Count());

            await AssertEventLogAsync(results, budget.Token);

            using var admin = _server.AdminClient();
            Assert.False((await admin.StatusAsync(Part)).GetProperty("locked").GetBoolean());
            Assert.Equal(0, (await HttpAssert.JsonAsync(await admin.GetAsync("/api/locks", budget.Token), HttpStatusCode.OK)).GetArrayLength());
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>
    /// One editor's attempts: take the lock and give it back at once when it gets it; when refused,
    /// also try to release it (which must never succeed for a non-holder).
    /// </summary>
    private static async Task<ClientResult> RaceAsync(string user, HttpClient client, Task start, CancellationToken ct)
    {
        var result = new ClientResult(user, [], 0, 0, []);
        var releases = 0;
        var conflicts = 0;
        await start;
        for (var attempt = 0; attempt < AttemptsPerClient; attempt++)
        {
            using var acquire = await client.PostAsync(LockTestKit.LockPath(Part), null, ct);
            var body = await acquire.Content.ReadAsStringAsync(ct);
            switch (acquire.StatusCode)
            {
                case HttpStatusCode.Created:
                    var taken = JsonDocument.Parse(body).RootElement;
                    if (taken.Text("locked_by") != user) result.Anomalies.Add($"{user} got a 201 naming {taken.Text("locked_by")}");
                    result.AcquiredLockIds.Add(taken.Text("id")!);
                    using (var release = await client.DeleteAsync(LockTestKit.LockPath(Part), ct))
                    {
                        if (release.StatusCode == HttpStatusCode.NoContent) releases++;
                        else result.Anomalies.Add($"{user} could not release its own lock: {(int)release.StatusCode} {await release.Content.ReadAsStringAsync(ct)}");
                    }
                    break;
                case HttpStatusCode.Conflict:
                    conflicts++;
                    var holder = JsonDocument.Parse(body).RootElement.TryGetProperty("holder", out var h) && h.ValueKind == JsonValueKind.Object
                        ? h.Text("locked_by") : null;
                    if (string.IsNullOrEmpty(holder) || holder == user) result.Anomalies.Add($"{user} got a 409 naming holder '{holder}': {body}");
                    using (var steal = await client.DeleteAsync(LockTestKit.LockPath(Part), ct))
                    {
                        if (steal.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                            result.Anomalies.Add($"{user} released a lock it did not hold: {(int)steal.StatusCode}");
                    }
                    break;
                default:
                    result.Anomalies.Add($"{user} got {(int)acquire.StatusCode} on acquire: {body}");
                    break;
            }
        }
        return result with { Releases = releases, Conflicts = conflicts };
    }

    /// <summary>The server's own record: locked/unlocked strictly alternate, each pair is one lock, and it matches what clients saw.</summary>
    private async Task AssertEventLogAsync(ClientResult[] results, CancellationToken ct)
    {
        using var admin = _server.AdminClient();
        var events = (await admin.EventsAsync(pageSize: 100, ct: ct))
            .Where(e => e.Text("part_number") == Part && e.Text("type") is "item.locked" or "item.unlocked")
            .ToList();

        JsonElement? open = null;
        foreach (var e in events)
        {
            var data = e.GetProperty("data");
            if (e.Text("type") == "item.locked")
            {
                Assert.True(open is null, $"event {e.GetProperty("id")}: {data.Text("locked_by")} locked while {open?.Text("locked_by")} still held the item");
                open = data;
            }
            else
            {
                Assert.True(open is not null, $"event {e.GetProperty("id")}: item.unlocked without a lock");
                Assert.Equal(open.Value.Text("lock_id"), data.Text("lock_id"));
                Assert.Equal(open.Value.Text("locked_by"), data.Text("locked_by"));
                Assert.Equal("released", data.Text("reason"));
                Assert.Equal(data.Text("locked_by"), data.Text("released_by"));
                open = null;
            }
        }
        Assert.Null(open);

        var lockedIds = events.Where(e => e.Text("type") == "item.locked").Select(e => e.GetProperty("data").Text("lock_id")).ToList();
        var acquiredIds = results.SelectMany(r => r.AcquiredLockIds).ToList();
        Assert.Equal(acquiredIds.Count, lockedIds.Count);
        Assert.Equal(acquiredIds.Count, events.Count(e => e.Text("type") == "item.unlocked"));
        Assert.Equal(acquiredIds.Order(StringComparer.Ordinal), lockedIds.Order(StringComparer.Ordinal));

        // Per user too: the log credits each racer with exactly the acquires it was answered 201 for.
        var perUser = events.Where(e => e.Text("type") == "item.locked")
            .GroupBy(e => e.GetProperty("data").Text("locked_by")!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var r in results) Assert.Equal(r.AcquiredLockIds.Count, perUser.GetValueOrDefault(r.User));
    }
}
