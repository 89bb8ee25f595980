using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Silo.Bench.Harness;
using Silo.Bench.Hosting;

namespace Silo.Bench.Locks;

/// <summary>
/// How many check-out/check-in pairs the server sustains, set against what the store underneath
/// can do at best and against the cheapest request the server answers. Each client is one editor
/// with its own item and its own keep-alive connection, so locks never contend: what is measured
/// is two write requests (each a transaction with its event) plus auth. The store baseline is the
/// same number of callers each committing minimal transactions of its own on a file with the
/// server's settings (<see cref="StoreBaseline"/>); GET /health (anonymous, no database) is the
/// HTTP floor. The three sides alternate round by round, so drift hits them alike.
/// </summary>
internal static class LockThroughputBenchmark
{
    private const string Scenario = "locks";
    private const double PairP99GoalMs = 25;
    private const double StoreRatioGoal = 0.5;

    /// <summary>One simulated user: a connection, a token, an item nobody else touches.</summary>
    private sealed record Client(HttpClient Http, AuthenticationHeaderValue Auth, string LockPath);

    public static Task RunAsync(BenchOptions options, CancellationToken ct) => MeasureAsync(options, BenchServer.StartAsync, ct);

    public static async Task<LockFigures> MeasureAsync(BenchOptions options, ServerStart start, CancellationToken ct)
    {
        var load = MachineLoad.Start();
        await using var server = await start(ct);
        var clients = await CreateClientsAsync(server, options.Clients, ct);
        using var store = StoreBaseline.Open(server.DataDir, options.Clients);
        try
        {
            Console.WriteLine($"Silo.Bench locks: {options.Clients} clients (one HTTP/1.1 keep-alive connection each), server in-process at {string.Join(", ", server.BaseAddresses)}");
            Console.WriteLine($"  {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; " +
                $"{options.Rounds} rounds of {options.Seconds:0.#} s per side, alternating, after a warm-up");
            Console.WriteLine("  pair = POST /api/items/{pn}/lock (201) + DELETE /api/items/{pn}/lock (204), on the client's own item");
            Console.WriteLine($"  store = one transaction (BEGIN IMMEDIATE, INSERT a row, DELETE it, COMMIT) per call, {options.Clients} callers on their own");
            Console.WriteLine("          connections to a file in the server's data directory with the server's settings (WAL, synchronous FULL), each commit its own");
            Console.WriteLine("  health = GET /health (200), no token");
            Console.WriteLine();

            Func<TimeSpan, Task<RoundResult>> pairsFor = length => LoadRunner.RunAsync(clients, LockPairAsync, length, ct);
            Func<TimeSpan, Task<RoundResult>> healthFor = length => LoadRunner.RunAsync(clients, HealthAsync, length, ct);
            Func<TimeSpan, Task<RoundResult>> storeFor = length => LoadRunner.RunAsync(store.Connections, store.TransactionAsync, length, ct);
            var warm = await WarmUp.RunAsync([length => pairsFor(length), length => healthFor(length), length => storeFor(length)],
                options.WarmUpMinimum, options.WarmUpMaximum);
            Console.WriteLine(Invariant($"  warm-up {warm.Elapsed.TotalSeconds:0.0} s, alternating 1 s slices: ") + (warm.Settled
                ? Invariant($"JIT settled at {warm.CompiledMethods:N0} compiled methods")
                : Invariant($"JIT still compiling at {warm.CompiledMethods:N0} methods; stopped at the limit, early rounds may read low")));
            Console.WriteLine();

            var pairs = new List<RoundResult>();
            var health = new List<RoundResult>();
            var stores = new List<RoundResult>();
            Console.WriteLine("  round     pairs/s   store tx/s   pairs÷store   health req/s   pairs÷health   pair p50 ms   pair p99 ms   store p99 ms");
            for (var round = 1; round <= options.Rounds; round++)
            {
                var p = await pairsFor(options.RoundLength);
                var s = await storeFor(options.RoundLength);
                var h = await healthFor(options.RoundLength);
                pairs.Add(p);
                stores.Add(s);
                health.Add(h);
                Console.WriteLine(Invariant($"  {round,5}   {p.PerSecond,9:N1}   {s.PerSecond,10:N1}   {p.PerSecond / s.PerSecond,11:0.000}   {h.PerSecond,12:N1}   {p.PerSecond / h.PerSecond,12:0.0000}   {P(p.LatencyTicks, 50),11:0.00}   {P(p.LatencyTicks, 99),11:0.00}   {P(s.LatencyTicks, 99),12:0.00}"));
            }

            var medianPairs = Stats.Median(pairs.Select(r => r.PerSecond));
            var medianStore = Stats.Median(stores.Select(r => r.PerSecond));
            var medianHealth = Stats.Median(health.Select(r => r.PerSecond));
            var allPairLatencies = pairs.SelectMany(r => r.LatencyTicks).ToArray();
            var allStoreLatencies = stores.SelectMany(r => r.LatencyTicks).ToArray();
            var allHealthLatencies = health.SelectMany(r => r.LatencyTicks).ToArray();
            var storeRatio = medianPairs / medianStore;
            var pairP99 = P(allPairLatencies, 99);
            Console.WriteLine();
            Console.WriteLine(Invariant($"  median pairs/s          {medianPairs,12:N1}   ({pairs.Sum(r => r.Operations):N0} pairs, {2 * pairs.Sum(r => r.Operations):N0} requests)"));
            Console.WriteLine(Invariant($"  median store tx/s       {medianStore,12:N1}   ({stores.Sum(r => r.Operations):N0} transactions)"));
            Console.WriteLine(Invariant($"  median health req/s     {medianHealth,12:N1}   ({health.Sum(r => r.Operations):N0} requests)"));
            Console.WriteLine(Invariant($"  ratio of medians        {storeRatio,12:0.000}   pairs/s ÷ store tx/s (a pair is two write requests: 0.5 = each request costs one bare transaction)"));
            Console.WriteLine(Invariant($"                          {medianPairs / medianHealth,12:0.0000}   pairs/s ÷ health req/s"));
            Console.WriteLine(Invariant($"  median per-round ratio  {Stats.Median(pairs.Zip(stores, (p, s) => p.PerSecond / s.PerSecond)),12:0.000}   pairs ÷ store"));
            Console.WriteLine(Invariant($"  pair latency            p50 {P(allPairLatencies, 50):0.00} ms   p99 {pairP99:0.00} ms   (all rounds)"));
            Console.WriteLine(Invariant($"  store latency           p50 {P(allStoreLatencies, 50):0.00} ms   p99 {P(allStoreLatencies, 99):0.00} ms   (all rounds, queueing for the writer included)"));
            Console.WriteLine(Invariant($"  health latency          p50 {P(allHealthLatencies, 50):0.00} ms   p99 {P(allHealthLatencies, 99):0.00} ms   (all rounds)"));
            Console.WriteLine($"  machine: {load.Describe()}");
            Goals.Check(Scenario, "lock+unlock pairs/s ÷ store tx/s", "≥ 0.5", Goals.Figure(storeRatio, "", "0.000"), storeRatio >= StoreRatioGoal);
            Goals.Check(Scenario, "pair p99", "≤ 25 ms", Goals.Figure(pairP99, "ms", "0.00"), pairP99 <= PairP99GoalMs);
            return new LockFigures(medianPairs, pairP99);
        }
        finally
        {
            foreach (var client in clients) client.Http.Dispose();
        }
    }

    private static async Task<List<Client>> CreateClientsAsync(BenchServer server, int count, CancellationToken ct)
    {
        var clients = new List<Client>(count);
        using var admin = server.CreateClient();
        try
        {
            for (var i = 1; i <= count; i++)
            {
                var partNumber = Invariant($"BENCH-{i:000}");
                await server.CreateItemAsync(admin, partNumber, ct);
                var token = await server.CreateEditorAsync(admin, Invariant($"bench{i:000}"), ct);
                clients.Add(new Client(server.CreateClient(), new AuthenticationHeaderValue("Bearer", token), $"/api/items/{partNumber}/lock"));
            }
            return clients;
        }
        catch
        {
            foreach (var client in clients) client.Http.Dispose();
            throw;
        }
    }

    private static async Task LockPairAsync(Client client, CancellationToken ct)
    {
        await SendAsync(client, HttpMethod.Post, client.LockPath, HttpStatusCode.Created, ct);
        await SendAsync(client, HttpMethod.Delete, client.LockPath, HttpStatusCode.NoContent, ct);
    }

    private static async Task HealthAsync(Client client, CancellationToken ct)
    {
        using var response = await client.Http.GetAsync(new Uri("/health", UriKind.Relative), ct);
        if (response.StatusCode != HttpStatusCode.OK) await FailAsync("GET /health", response, ct);
    }

    private static async Task SendAsync(Client client, HttpMethod method, string path, HttpStatusCode expected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = client.Auth;
        using var response = await client.Http.SendAsync(request, ct);
        if (response.StatusCode != expected) await FailAsync($"{method} {path}", response, ct);
    }

    private static async Task FailAsync(string what, HttpResponseMessage response, CancellationToken ct) =>
        throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");

    private static double P(long[] ticks, double percentile) => RoundResult.PercentileMs(ticks, percentile);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
