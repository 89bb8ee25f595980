using System.Collections.Concurrent;
using System.Diagnostics;
using Silo.Protocol.Lineage;
using System.Security.Cryptography;
using System.Text.Json;
using Silo.Server.Json;
using Xunit.Abstractions;

namespace Silo.Server.Tests.MultiInstance;

/// <summary>
/// Writers push checkpoints through random instances while one instance after another is SIGKILLed
/// in the middle of the commits and started again. The writers retry what got no answer (with the
/// same Idempotency-Key) and carry on; at the end every acknowledged checkpoint must be there with
/// its bytes, in an unbroken lineage, and every stored blob whole.
/// </summary>
[Collection(MultiInstanceGroup.Name)]
public sealed class MultiInstanceKillTests(ITestOutputHelper output)
{
    private const int Writers = 8;

    /// <summary>Commits acknowledged between two kills, so each kill lands among commits in flight.</summary>
    private const int CommitsBetweenKills = 4;

    private const int MaxAttempts = 500;

    public static TheoryData<string> Mode => MultiInstanceSettings.Mode;

    [Theory]
    [MemberData(nameof(Mode))]
    public async Task Kill_InstanceSigkilledMidCommit_AcknowledgedCheckpointsKeptWhole(string mode)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var ct = timeout.Token;
        var settings = MultiInstanceSettings.Current;
        await using var storage = await ClusterStorage.CreateAsync(ct);
        await using var cluster = await ServerCluster.StartAsync(storage, settings.Instances);
        var recorder = new HistoryRecorder();
        var writers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => ClusterClient.CreateAsync(cluster, recorder, i, $"kill-writer-{i}", ct)));
        foreach (var writer in writers) await ClusterClient.CreateItemAsync(cluster, Item(writer), ct);

        var acknowledged = new ConcurrentQueue<HistoryEntry>();
        var problems = new ConcurrentQueue<string>();
        using var commits = new SemaphoreSlim(0);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        var writing = writers.Select(w => Task.Run(() => WriteAsync(cluster, w, acknowledged, problems, commits, stop.Token), ct)).ToList();

        var writersGaveUp = Task.WhenAll(writing);
        // False when every writer has stopped on a problem: then there is nothing left to kill amid.
        async Task<bool> CommitsFlowAsync()
        {
            for (var i = 0; i < CommitsBetweenKills; i++)
            {
                var next = commits.WaitAsync(ct);
                if (await Task.WhenAny(next, writersGaveUp) != next) return false;
            }
            return true;
        }

        var restarts = TimeSpan.Zero;
        var kills = 0;
        for (; kills < settings.Kills && await CommitsFlowAsync(); kills++)
        {
            var victim = cluster.RandomInstance();
            await cluster.KillAsync(victim);
            var down = Stopwatch.StartNew();
            await cluster.RestartAsync(victim);
            restarts += down.Elapsed;
        }
        // The writers carry on after the last kill too.
        var carriedOn = await CommitsFlowAsync();
        await stop.CancelAsync();
        await Task.WhenAll(writing);
        clock.Stop();

        var history = recorder.Entries;
        var blobs = CheckBlobsWhole(cluster, problems);
        await CheckAcknowledgedAsync(cluster, writers, acknowledged.ToList(), problems, ct);
        var violations = HistoryChecker.Check(history);
        output.WriteLine($"{mode} on {storage.Description}: {kills} SIGKILLs (restarts took {restarts.TotalSeconds:0.0} s in all) "
            + $"while {Writers} writers pushed: {acknowledged.Count} checkpoints acknowledged, {history.Count(e => e.Outcome == Outcome.Failed)} requests without an answer, "
            + $"{blobs} blobs whole, {violations.Count} violations, {clock.Elapsed.TotalSeconds:0.0} s.");
        output.WriteLine(recorder.Totals());
        foreach (var line in problems.Concat(violations.Select(v => v.ToString())).Take(20)) output.WriteLine(line);
        foreach (var line in cluster.Failures(10)) output.WriteLine(line);

        Assert.Empty(problems);
        Assert.Empty(violations);
        Assert.Equal(settings.Kills, kills);
        Assert.True(carriedOn, "The writers stopped after the last kill.");
    }

    private static string Item(ClusterClient writer) => $"KL-{writer.Number}";

    /// <summary>Pushes on its item's head until stopped, retrying each step that got no answer.</summary>
    private static async Task WriteAsync(ServerCluster cluster, ClusterClient writer, ConcurrentQueue<HistoryEntry> acknowledged,
        ConcurrentQueue<string> problems, SemaphoreSlim commits, CancellationToken ct)
    {
        var item = Item(writer);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                string? head = null;
                var read = await RetryAsync(cluster, async () =>
                {
                    var (entry, hash) = await writer.ReadHeadAsync(item, ct);
                    head = hash;
                    return entry;
                }, ct);
                if (read is not { Outcome: Outcome.Granted })
                {
                    problems.Enqueue($"{writer.User}: reading the head of {item} ended {read?.Status}.");
                    return;
                }
                var bytes = ClusterClient.RandomFile();
                var upload = await RetryAsync(cluster, () => writer.UploadAsync(item, bytes, ct), ct);
                if (upload is not { Outcome: Outcome.Granted })
                {
                    problems.Enqueue($"{writer.User}: uploading to {item} ended {upload?.Status}.");
                    return;
                }
                // The same key on every retry: a commit whose answer was lost is replayed, not made twice.
                var key = Guid.NewGuid().ToString();
                var push = await RetryAsync(cluster, () => writer.PushCheckpointAsync(item, ClusterClient.Sha256(bytes), bytes.Length, head, null, key, ct), ct);
                if (push is not { Outcome: Outcome.Granted })
                {
                    problems.Enqueue($"{writer.User}: the push on {item} ended {push?.Status}.");
                    return;
                }
                acknowledged.Enqueue(push);
                commits.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Retries what got no answer (a killed instance); a 5xx is an answer, and a fault of the server.</summary>
    /// <returns>The first answered attempt; null when none was answered.</returns>
    private static async Task<HistoryEntry?> RetryAsync(ServerCluster cluster, Func<Task<HistoryEntry>> attempt, CancellationToken ct)
    {
        for (var i = 0; i < MaxAttempts; i++)
        {
            var entry = await attempt();
            if (entry is not { Outcome: Outcome.Failed, Status: 0 }) return entry;
            // With every instance down (one SQLite instance being restarted) there is nowhere to go until one is back.
            await cluster.AnyRunningAsync(ct);
        }
        return null;
    }

    /// <summary>Each acknowledged checkpoint is readable through any instance, with its bytes, in an unbroken lineage.</summary>
    private static async Task CheckAcknowledgedAsync(ServerCluster cluster, ClusterClient[] writers, List<HistoryEntry> acknowledged,
        ConcurrentQueue<string> problems, CancellationToken ct)
    {
        foreach (var writer in writers)
        {
            var item = Item(writer);
            var versions = await GetAsync<List<ItemVersion>>(cluster, $"/api/items/{item}/versions?limit=1000", writer.Token, ct);
            var numbers = versions.Select(v => v.Version).Order().ToList();
            if (!numbers.SequenceEqual(Enumerable.Range(1, numbers.Count).Select(n => (long)n)))
                problems.Enqueue($"{item}: the lineage is not 1..{numbers.Count}: {string.Join(",", numbers)}.");

            foreach (var push in acknowledged.Where(e => e.Item == item))
            {
                if (versions.FirstOrDefault(v => v.Version == push.Version) is not { } version || version.Id != push.CheckpointId || version.FileHash != push.FileHash)
                    problems.Enqueue($"{item}: acknowledged version {push.Version} ({push.CheckpointId}) is not in the lineage as acknowledged.");
                var checkpoint = await GetAsync<JsonElement>(cluster, $"/api/items/{item}/checkpoints/{push.CheckpointId}", writer.Token, ct);
                using var download = cluster.Request(cluster.RandomInstance(), HttpMethod.Get, checkpoint.GetProperty("download_url").GetString()!, token: null);
                using var response = await cluster.Http.SendAsync(download, ct);
                var bytes = await response.Content.ReadAsByteArrayAsync(ct);
                if (!response.IsSuccessStatusCode || ClusterClient.Sha256(bytes) != push.FileHash)
                    problems.Enqueue($"{item}: checkpoint {push.CheckpointId} downloads as {(int)response.StatusCode}, {bytes.Length} bytes not hashing to {push.FileHash}.");
            }
        }
    }

    /// <summary>Every blob in the shared folder, acknowledged or not, hashes to its name: no kill left half a file in place.</summary>
    /// <returns>How many blobs were checked.</returns>
    private static int CheckBlobsWhole(ServerCluster cluster, ConcurrentQueue<string> problems)
    {
        var root = Path.Combine(cluster.DataDir, "blobs");
        var files = Directory.GetDirectories(root).Where(d => Path.GetFileName(d) != "tmp").SelectMany(Directory.GetFiles).ToList();
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            if (Convert.ToHexStringLower(SHA256.HashData(stream)) != Path.GetFileName(file)) problems.Enqueue($"The blob {file} is torn: its bytes do not hash to its name.");
        }
        return files.Count;
    }

    private static async Task<T> GetAsync<T>(ServerCluster cluster, string path, string token, CancellationToken ct)
    {
        using var request = cluster.Request(cluster.RandomInstance(), HttpMethod.Get, path, token);
        using var response = await cluster.Http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<T>(text, SiloJson.Options)!;
    }
}
