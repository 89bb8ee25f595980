using System.Diagnostics;
using Xunit.Abstractions;

namespace Silo.Server.Tests.MultiInstance;

/// <summary>
/// 32 users on a handful of items, each request to a random instance: locks, edit sessions with
/// heartbeats, checkpoints on the head or on a stale one, and leases short enough to run out. The
/// history of every answer must show no double holder, fencing tokens rising in real-time order and
/// no checkpoint accepted that should have been refused.
/// </summary>
[Collection(MultiInstanceGroup.Name)]
public sealed class MultiInstanceHistoryTests(ITestOutputHelper output)
{
    private static readonly string[] Items = Enumerable.Range(1, 16).Select(i => $"MI-{i}").ToArray();
    private static readonly string[] Objects = ["Pad", "Pocket", "Sketch"];

    /// <summary>What one simulated user believes it holds; the server may since have let it lapse.</summary>
    private sealed class Beliefs
    {
        public HashSet<string> Locks { get; } = [];

        /// <summary>Session id by item; a push on the item names it, and so ends it.</summary>
        public Dictionary<string, string> Sessions { get; } = [];

        /// <summary>The head each item had when this user last looked, to push on it later (stale by then, often).</summary>
        public Dictionary<string, string?> SeenHeads { get; } = [];
    }

    public static TheoryData<string> Mode => MultiInstanceSettings.Mode;

    [Theory]
    [MemberData(nameof(Mode))]
    public async Task History_RandomInstancePerRequest_NoDoubleHolderNoFencingInversionNoStaleCheckpoint(string mode)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = timeout.Token;
        var settings = MultiInstanceSettings.Current;
        await using var storage = await ClusterStorage.CreateAsync(ct);
        // Leases of seconds and a sweep every second: expiries happen all through the run.
        await using var cluster = await ServerCluster.StartAsync(storage, settings.Instances, "--session-ttl", "00:00:02", "--maintenance-interval", "00:00:01");
        foreach (var item in Items) await ClusterClient.CreateItemAsync(cluster, item, ct);
        var recorder = new HistoryRecorder();
        var clients = await Task.WhenAll(Enumerable.Range(0, MultiInstanceSettings.Clients)
            .Select(i => ClusterClient.CreateAsync(cluster, recorder, i, $"mi-user-{i}", ct)));

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(c => Task.Run(() => RunAsync(c, recorder, settings.Operations, ct), ct)));
        clock.Stop();

        var history = recorder.Entries;
        var violations = HistoryChecker.Check(history);
        output.WriteLine($"{mode} on {storage.Description}: {history.Count} operations by {clients.Length} clients in {clock.Elapsed.TotalSeconds:0.0} s "
            + $"({history.Count / clock.Elapsed.TotalSeconds:0} ops/s), {violations.Count} violations.");
        output.WriteLine(recorder.Totals());
        foreach (var violation in violations.Take(20)) output.WriteLine(violation.ToString());
        foreach (var line in cluster.Failures(10)) output.WriteLine(line);

        Assert.True(history.Count >= settings.Operations);
        Assert.Empty(violations);
        Assert.True(history.All(e => e.Outcome != Outcome.Failed), "Requests failed (no answer or 5xx): " + recorder.Describe(e => e.Outcome == Outcome.Failed));
        // The run exercised what it checks: grants and refusals of locks, sessions and pushes,
        // stale bases refused, and leases that lapsed before their holder let go.
        foreach (var kind in new[] { OperationKind.LockAcquire, OperationKind.SessionAcquire, OperationKind.Checkpoint })
        {
            Assert.Contains(history, e => e.Kind == kind && e.Outcome == Outcome.Granted);
            Assert.Contains(history, e => e.Kind == kind && e.Status == 409);
        }
        Assert.Contains(history, e => e is { Kind: OperationKind.Heartbeat, Renewed: > 0 });
        Assert.Contains(history, e => e is { Kind: OperationKind.LockRelease, Status: 404 });
        Assert.Contains(history, e => e is { Kind: OperationKind.SessionRelease, Status: 404 });
    }

    /// <summary>
    /// Each user works on one thing at a time, as a person does: with a lock or a session it mostly
    /// pushes, renews or lets go, and now and then walks away so the lease runs out; otherwise it
    /// reaches for a random item.
    /// </summary>
    private static async Task RunAsync(ClusterClient client, HistoryRecorder recorder, int operations, CancellationToken ct)
    {
        var beliefs = new Beliefs();
        while (recorder.Count < operations)
        {
            ct.ThrowIfCancellationRequested();
            var roll = Random.Shared.Next(100);
            if (beliefs.Locks.FirstOrDefault() is { } locked)
            {
                if (roll < 40) await PushAsync(client, beliefs, locked, ct);
                else if (roll < 70) await client.ReleaseLockAsync(locked, ct);
                else if (roll < 85) await client.AcquireLockAsync(locked, ttlSeconds: 1, ct);
                if (roll is >= 40 and < 70 or >= 85) beliefs.Locks.Remove(locked);
            }
            else if (beliefs.Sessions.FirstOrDefault() is { Key: { } edited, Value: { } sessionId })
            {
                if (roll < 35) await PushAsync(client, beliefs, edited, ct);
                else if (roll < 60) await client.HeartbeatAsync(ct);
                else if (roll < 85) await client.ReleaseSessionAsync(edited, sessionId, ct);
                if (roll >= 60) beliefs.Sessions.Remove(edited);
            }
            else
            {
                var item = Items[Random.Shared.Next(Items.Length)];
                if (roll < 25)
                {
                    if ((await client.AcquireLockAsync(item, ttlSeconds: Random.Shared.Next(1, 4), ct)).Outcome == Outcome.Granted) beliefs.Locks.Add(item);
                }
                else if (roll < 55)
                {
                    var session = await client.AcquireSessionAsync(item, Objects[Random.Shared.Next(Objects.Length)], ct);
                    if (session is { Outcome: Outcome.Granted, SessionId: { } id }) beliefs.Sessions[item] = id;
                }
                else if (roll < 80) await PushAsync(client, beliefs, item, ct);
                else if (roll < 90) await client.HeartbeatAsync(ct);
                // Letting go of what it does not hold (any more): 404, or 403 for another's lock.
                else if (roll < 95) await client.ReleaseLockAsync(item, ct);
                else await client.ReleaseSessionAsync(item, Guid.NewGuid().ToString(), ct);
            }
        }
    }

    /// <summary>A push as a workstation does it — read the head, upload, commit on that base — except that one in five pushes on a head seen earlier.</summary>
    private static async Task PushAsync(ClusterClient client, Beliefs beliefs, string item, CancellationToken ct)
    {
        var (read, head) = await client.ReadHeadAsync(item, ct);
        if (read.Outcome != Outcome.Granted) return;
        var baseHash = Random.Shared.Next(5) == 0 && beliefs.SeenHeads.TryGetValue(item, out var seen) ? seen : head;
        beliefs.SeenHeads[item] = head;

        var bytes = ClusterClient.RandomFile();
        if ((await client.UploadAsync(item, bytes, ct)).Outcome != Outcome.Granted) return;
        var sessionId = beliefs.Sessions.GetValueOrDefault(item);
        var push = await client.PushCheckpointAsync(item, ClusterClient.Sha256(bytes), bytes.Length, baseHash, sessionId, idempotencyKey: null, ct);
        if (sessionId is not null && push.Outcome != Outcome.Refused) beliefs.Sessions.Remove(item);
    }
}
