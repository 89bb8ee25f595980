using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Silo.Server.Json;
using Silo.Testing;
using Xunit.Abstractions;

namespace Silo.Server.Tests.MultiInstance;

/// <summary>
/// Writers commit through every instance while SSE readers on every instance drop their stream at
/// random and resume with Last-Event-ID, often on another instance. Each reader must end up with
/// exactly the event log: every event once, in id order, none skipped.
/// </summary>
[Collection(MultiInstanceGroup.Name)]
public sealed class MultiInstanceEventTests(ITestOutputHelper output)
{
    private const int Writers = 8;
    private const int RoundsPerWriter = 30;
    private const int ReadersPerInstance = 2;
    private const int MinReaders = 4;
    private const int PageSize = 1000;

    /// <summary>How long after the last commit every reader may take to have it: far beyond any wake-up or catch-up delay.</summary>
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(60);

    /// <summary>One SSE reader: the ids it was given, in order, and whether it has reached the end of the log.</summary>
    private sealed class Reader(int number)
    {
        private readonly Lock _lock = new();
        private long _last;
        private long? _final;

        public int Number { get; } = number;

        public List<long> Ids { get; } = [];

        public List<string> Problems { get; } = [];

        public int Connections { get; set; }

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Last
        {
            get
            {
                lock (_lock) return _last;
            }
        }

        public void Received(long id)
        {
            lock (_lock)
            {
                Ids.Add(id);
                _last = id;
                if (_final is { } final && id >= final) Reached.TrySetResult();
            }
        }

        /// <summary>The log's last event once the writers are done: the reader is finished when it has it.</summary>
        public void Finish(long final)
        {
            lock (_lock)
            {
                _final = final;
                if (_last >= final) Reached.TrySetResult();
            }
        }
    }

    public static TheoryData<string> Mode => MultiInstanceSettings.Mode;

    [Theory]
    [MemberData(nameof(Mode))]
    public async Task Events_ReadersResumingOnRandomInstances_SeeEveryEventOnceInIdOrder(string mode)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        var settings = MultiInstanceSettings.Current;
        await using var storage = await ClusterStorage.CreateAsync(ct);
        await using var cluster = await ServerCluster.StartAsync(storage, settings.Instances);
        var recorder = new HistoryRecorder();
        var writers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => ClusterClient.CreateAsync(cluster, recorder, i, $"ev-writer-{i}", ct)));
        foreach (var writer in writers) await ClusterClient.CreateItemAsync(cluster, Item(writer), ct);
        var watcher = await ClusterClient.CreateAsync(cluster, new HistoryRecorder(), Writers, "ev-watcher", ct);
        var start = (await ReadLogAsync(cluster, watcher.Token, after: 0, limit: 1, ct)).Head;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var readers = Enumerable.Range(0, Math.Max(MinReaders, cluster.Count * ReadersPerInstance)).Select(i => new Reader(i)).ToList();
        var reading = readers.Select(r => Task.Run(() => ReadAsync(cluster, watcher.Token, r, firstInstance: r.Number % cluster.Count, start, stop.Token), ct)).ToList();

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(writers.Select(w => Task.Run(() => WriteAsync(w, ct), ct)));
        var written = clock.Elapsed;
        var log = await ReadWholeLogAsync(cluster, watcher.Token, start, ct);
        var final = log.Count > 0 ? log[^1] : start;
        foreach (var reader in readers) reader.Finish(final);
        try
        {
            await Task.WhenAll(readers.Select(r => r.Reached.Task)).WaitAsync(DeliveryTimeout, ct);
        }
        catch (TimeoutException)
        {
            // Reported below, reader by reader, after what the writers saw.
        }
        var delivered = clock.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(reading);

        output.WriteLine($"{mode} on {storage.Description}: {log.Count} events committed by {Writers} writers in {written.TotalSeconds:0.0} s, "
            + $"read by {readers.Count} readers over {readers.Sum(r => r.Connections)} connections; delivered by {delivered.TotalSeconds:0.0} s.");
        output.WriteLine(recorder.Totals());
        foreach (var line in cluster.Failures(10)) output.WriteLine(line);
        Assert.True(recorder.Entries.All(e => e.Outcome == Outcome.Granted), "Writes refused or failed: " + recorder.Describe(e => e.Outcome != Outcome.Granted));
        Assert.True(log.Count >= Writers * RoundsPerWriter * 4, $"Only {log.Count} events in the log.");
        foreach (var reader in readers)
        {
            Assert.Empty(reader.Problems);
            Assert.True(reader.Reached.Task.IsCompleted,
                $"Reader {reader.Number} had {reader.Ids.Count} of {log.Count} events, up to id {reader.Last} of {final}, {DeliveryTimeout.TotalSeconds:0} s after the last commit.");
            Assert.True(reader.Connections > 1, $"Reader {reader.Number} never resumed.");
            Assert.Equal(log, reader.Ids);
        }
    }

    private static string Item(ClusterClient writer) => $"EV-{writer.Number}";

    /// <summary>Each round commits four events: item.locked, edit.session_acquired, edit.session_released (by the push) and item.unlocked.</summary>
    private static async Task WriteAsync(ClusterClient writer, CancellationToken ct)
    {
        var item = Item(writer);
        for (var round = 0; round < RoundsPerWriter; round++)
        {
            if ((await writer.AcquireLockAsync(item, ttlSeconds: 600, ct)).Outcome != Outcome.Granted) return;
            var session = await writer.AcquireSessionAsync(item, "Pad", ct);
            var (read, head) = await writer.ReadHeadAsync(item, ct);
            var bytes = ClusterClient.RandomFile();
            if (session.Outcome != Outcome.Granted || read.Outcome != Outcome.Granted || (await writer.UploadAsync(item, bytes, ct)).Outcome != Outcome.Granted) return;
            if ((await writer.PushCheckpointAsync(item, ClusterClient.Sha256(bytes), bytes.Length, head, session.SessionId, idempotencyKey: null, ct)).Outcome != Outcome.Granted) return;
            if ((await writer.ReleaseLockAsync(item, ct)).Outcome != Outcome.Granted) return;
        }
    }

    /// <summary>Reads, drops the stream after a random number of events, and resumes on a random instance after the last id it got.</summary>
    private static async Task ReadAsync(ServerCluster cluster, string token, Reader reader, int firstInstance, long start, CancellationToken ct)
    {
        var clients = Enumerable.Range(0, cluster.Count).Select(i => new HttpClient { BaseAddress = cluster.Address(i), Timeout = Timeout.InfiniteTimeSpan }).ToList();
        foreach (var client in clients) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var instance = firstInstance;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var after = reader.Connections == 0 ? start : reader.Last;
                reader.Connections++;
                await using var stream = await SseClient.ConnectAsync(clients[instance], after.ToString(CultureInfo.InvariantCulture), ct: ct);
                if (!stream.Response.IsSuccessStatusCode)
                {
                    reader.Problems.Add($"Instance {instance} answered {(int)stream.Response.StatusCode} to a resume after {after}.");
                    return;
                }
                for (var left = Random.Shared.Next(1, 40); left > 0; left--)
                {
                    if (await stream.ReadEventAsync(ct) is not { } message) break;
                    if (message.Type == EventTypes.SyncRequired) reader.Problems.Add($"Instance {instance} asked for a re-sync after {after}: {message.Data}");
                    reader.Received(long.Parse(message.Id!, CultureInfo.InvariantCulture));
                }
                instance = cluster.RandomInstance();
            }
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            // The test has all it needs: the stream ends with it.
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    private static async Task<List<long>> ReadWholeLogAsync(ServerCluster cluster, string token, long after, CancellationToken ct)
    {
        var ids = new List<long>();
        while (true)
        {
            var page = await ReadLogAsync(cluster, token, after, PageSize, ct);
            ids.AddRange(page.Events.Select(e => e.Id));
            if (page.Events.Count < PageSize) return ids;
            after = page.Events[^1].Id;
        }
    }

    private static async Task<EventPage> ReadLogAsync(ServerCluster cluster, string token, long after, int limit, CancellationToken ct)
    {
        using var request = cluster.Request(cluster.RandomInstance(), HttpMethod.Get, $"/api/events/history?after={after}&limit={limit}", token);
        using var response = await cluster.Http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<EventPage>(SiloJson.Options, ct))!;
    }
}
