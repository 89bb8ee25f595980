using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Silo.Bench.Harness;
using Silo.Bench.Hosting;

namespace Silo.Bench.Fanout;

/// <summary>
/// How long a checkpoint takes to reach every follower: 1,000 workstations (ten users with a
/// hundred each) follow the item with policy latest, each on its own SSE connection, when another
/// user commits a small body_close checkpoint. Latency runs from sending the POST to each stream
/// having the whole subscription.checkpoint event; the POST's own round trip, which already
/// includes writing the 1,000 events, is the baseline. One checkpoint per round; the next round
/// starts once every stream has its event.
/// </summary>
internal static class CheckpointFanoutBenchmark
{
    private const int Owners = 10;
    private const double P99GoalMs = 50;
    private const int WorkstationsPerOwner = 100;
    private const int Subscribers = Owners * WorkstationsPerOwner;
    private const string PartNumber = "BENCH-FAN";
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(60);

    private sealed record Author(HttpClient Http, AuthenticationHeaderValue Auth, string FileHash, long FileSize);

    private sealed record Round(DeliveryLog.Delivery[] Deliveries, long Begun, long CommitTicks)
    {
        public long[] LatencyTicks { get; } = Deliveries.Select(d => d.At - Begun).ToArray();
    }

    public static Task RunAsync(BenchOptions options, CancellationToken ct) => MeasureAsync(options, BenchServer.StartAsync, ct);

    public static async Task<FanoutFigures> MeasureAsync(BenchOptions options, ServerStart start, CancellationToken ct)
    {
        var load = MachineLoad.Start();
        await using var server = await start(ct);
        using var admin = server.CreateClient();
        // One client per instance, one connection per open stream (HTTP/1.1), as each workstation holds its own;
        // the streams are dealt over the instances in turn.
        var streamClients = server.BaseAddresses.Select(_ => server.CreateClient(Timeout.InfiniteTimeSpan, connections: Subscribers)).ToArray();
        var log = new DeliveryLog();
        var streams = new List<RawEventStream>(Subscribers);
        Author? author = null;
        try
        {
            var setup = Stopwatch.StartNew();
            await server.CreateItemAsync(admin, PartNumber, ct);
            var followers = await RegisterFollowersAsync(server, admin, ct);
            await SubscribeAsync(admin, followers, ct);
            for (var i = 0; i < followers.Count; i++)
                streams.Add(await RawEventStream.ConnectAsync(streamClients[i % streamClients.Length], followers[i].Auth, followers[i].WorkstationId, null, i, log, ct));
            author = await CreateAuthorAsync(server, admin, ct);
            setup.Stop();

            Console.WriteLine($"Silo.Bench fanout: checkpoint commit to SSE delivery with {Subscribers} subscribers, server in-process at {string.Join(", ", server.BaseAddresses)}");
            Console.WriteLine($"  {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; " +
                $"{options.Rounds} rounds of one checkpoint each, after a warm-up");
            Console.WriteLine(Invariant($"  {Subscribers} workstations of {Owners} users, each with an item subscription (POST …/subscriptions, policy latest) on {PartNumber}"));
            Console.WriteLine(Invariant($"  and its own GET /api/events?workstation_id=… connection; set up through the API in {setup.Elapsed.TotalSeconds:0.0} s"));
            Console.WriteLine($"  delivery = from sending POST /api/items/{PartNumber}/checkpoint (body_close, {author.FileSize:N0} byte file, by a sixth user) to a stream holding its subscription.checkpoint event");
            Console.WriteLine("  commit = that POST's own round trip (201, subscribers_notified 1,000)");
            Console.WriteLine();

            var warm = await WarmUp.RunAsync([length => PushForAsync(author, log, length, ct)], options.WarmUpMinimum, options.WarmUpMaximum);
            Console.WriteLine(Invariant($"  warm-up {warm.Elapsed.TotalSeconds:0.0} s, 1 s slices of checkpoints: ") + (warm.Settled
                ? Invariant($"JIT settled at {warm.CompiledMethods:N0} compiled methods")
                : Invariant($"JIT still compiling at {warm.CompiledMethods:N0} methods; stopped at the limit, early rounds may read high")));
            Console.WriteLine();

            var rounds = new List<Round>();
            Console.WriteLine("  round   delivered   p50 ms    p99 ms    max ms   commit ms   p50÷commit   max÷commit");
            for (var i = 1; i <= options.Rounds; i++)
            {
                var r = await PushAsync(author, log, ct);
                rounds.Add(r);
                var commit = Ms(r.CommitTicks);
                Console.WriteLine(Invariant($"  {i,5}   {r.Deliveries.Length,5}/{Subscribers}   {P(r.LatencyTicks, 50),6:0.0}   {P(r.LatencyTicks, 99),7:0.0}   {P(r.LatencyTicks, 100),7:0.0}   {commit,9:0.0}   {P(r.LatencyTicks, 50) / commit,10:0.00}   {P(r.LatencyTicks, 100) / commit,10:0.00}"));
            }

            var medP50 = Stats.Median(rounds.Select(r => P(r.LatencyTicks, 50)));
            var medP99 = Stats.Median(rounds.Select(r => P(r.LatencyTicks, 99)));
            var medMax = Stats.Median(rounds.Select(r => P(r.LatencyTicks, 100)));
            var medCommit = Stats.Median(rounds.Select(r => Ms(r.CommitTicks)));
            var all = rounds.SelectMany(r => r.LatencyTicks).ToArray();
            var audit = log.Audit(Subscribers);
            Console.WriteLine();
            Console.WriteLine(Invariant($"  median delivery         p50 {medP50:0.0} ms   p99 {medP99:0.0} ms   max {medMax:0.0} ms"));
            Console.WriteLine(Invariant($"  median commit           {medCommit:0.0} ms"));
            Console.WriteLine(Invariant($"  ratio of medians        p50÷commit {medP50 / medCommit:0.00}   p99÷commit {medP99 / medCommit:0.00}   max÷commit {medMax / medCommit:0.00}"));
            Console.WriteLine(Invariant($"  all rounds              p50 {P(all, 50):0.0} ms   p99 {P(all, 99):0.0} ms   max {P(all, 100):0.0} ms   ({all.Length:N0} deliveries)"));
            Console.WriteLine(Invariant($"  every checkpoint        {audit.Checkpoints} pushed (warm-up included), {audit.Received:N0} events received, {audit.Duplicates} duplicates, {audit.Missing} missing"));
            Console.WriteLine($"  machine: {load.Describe()}");
            var p99 = P(all, 99);
            Goals.Check("fanout", Invariant($"commit → SSE p99, {Subscribers:N0} subscribers"), "≤ 50 ms", Goals.Figure(p99, "ms"), p99 <= P99GoalMs);
            Goals.Check("fanout", "events lost or repeated", "0", Invariant($"{audit.Missing} missing, {audit.Duplicates} duplicate"), audit.Missing == 0 && audit.Duplicates == 0);
            return new FanoutFigures(P(all, 50), p99);
        }
        finally
        {
            foreach (var stream in streams) await stream.DisposeAsync();
            author?.Http.Dispose();
            foreach (var client in streamClients) client.Dispose();
        }
    }

    private static async Task<List<(AuthenticationHeaderValue Auth, string WorkstationId)>> RegisterFollowersAsync(BenchServer server, HttpClient admin, CancellationToken ct)
    {
        var followers = new List<(AuthenticationHeaderValue, string)>(Subscribers);
        for (var u = 1; u <= Owners; u++)
        {
            var auth = Api.Bearer(await server.CreateEditorAsync(admin, Invariant($"owner{u}"), ct));
            for (var w = 1; w <= WorkstationsPerOwner; w++)
                followers.Add((auth, await Api.RegisterWorkstationAsync(admin, auth, Invariant($"owner{u}-ws{w:000}"), ct)));
        }
        return followers;
    }

    private static async Task SubscribeAsync(HttpClient http, IEnumerable<(AuthenticationHeaderValue Auth, string WorkstationId)> followers, CancellationToken ct)
    {
        foreach (var (auth, workstationId) in followers)
            await Api.SendAsync(http, HttpMethod.Post, $"/api/workstations/{workstationId}/subscriptions", auth,
                new { type = "item", target = PartNumber, revision_policy = "latest", pinned_revision = (int?)null }, HttpStatusCode.Created, ct);
    }

    /// <summary>The author and the small file every checkpoint of the run refers to, uploaded once.</summary>
    private static async Task<Author> CreateAuthorAsync(BenchServer server, HttpClient admin, CancellationToken ct)
    {
        var auth = Api.Bearer(await server.CreateEditorAsync(admin, "author", ct));
        var bytes = RandomNumberGenerator.GetBytes(16 * 1024);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var grant = await Api.SendAsync(admin, HttpMethod.Post, $"/api/items/{PartNumber}/checkpoint/upload-url", auth,
            new { sha256 = hash, size = bytes.Length }, HttpStatusCode.OK, ct);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await admin.PutAsync(grant.GetProperty("upload_url").GetString(), content, ct);
        await Api.EnsureAsync(response, "PUT upload_url", HttpStatusCode.Created, ct);
        return new Author(server.CreateClient(), auth, hash, bytes.Length);
    }

    private static async Task PushForAsync(Author author, DeliveryLog log, TimeSpan length, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        do await PushAsync(author, log, ct);
        while (clock.Elapsed < length);
    }

    private static async Task<Round> PushAsync(Author author, DeliveryLog log, CancellationToken ct)
    {
        var body = new { file_hash = author.FileHash, file_size = author.FileSize, context = "body_close", session_id = (string?)null, dag = (object?)null };
        var begun = Stopwatch.GetTimestamp();
        using var response = await Api.SendRawAsync(author.Http, HttpMethod.Post, $"/api/items/{PartNumber}/checkpoint", author.Auth, body, ct);
        var answered = Stopwatch.GetTimestamp();

        await Api.EnsureAsync(response, $"POST /api/items/{PartNumber}/checkpoint", HttpStatusCode.Created, ct);
        var result = await Api.BodyAsync(response, ct);
        if (result.GetProperty("subscribers_notified").GetInt32() != Subscribers)
            throw new InvalidOperationException($"The checkpoint notified {result.GetProperty("subscribers_notified")} subscribers, not {Subscribers}.");
        var deliveries = await log.WaitAsync(result.GetProperty("checkpoint_id").GetString()!, Subscribers, DeliveryTimeout, ct);
        return new Round(deliveries, begun, answered - begun);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double P(long[] ticks, double percentile) => RoundResult.PercentileMs(ticks, percentile);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
