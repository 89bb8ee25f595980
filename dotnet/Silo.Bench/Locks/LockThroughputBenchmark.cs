using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Silo.Bench.Harness;
using Silo.Bench.Hosting;

namespace Silo.Bench.Locks;

/// <summary>
/// How many check-out/check-in pairs the server sustains, set against the cheapest request it
/// serves. Each client is one editor with its own item and its own keep-alive connection, so locks
/// never contend: what is measured is the cost of two write transactions (each with its event)
/// plus auth, against GET /health (anonymous, no database). Lock and health rounds alternate, so
/// drift (thermal, other load on the machine) hits both sides alike.
/// </summary>
internal static class LockThroughputBenchmark
{
    /// <summary>One simulated user: a connection, a token, an item nobody else touches.</summary>
    private sealed record Client(HttpClient Http, AuthenticationHeaderValue Auth, string LockPath);

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        await using var server = await BenchServer.StartAsync(ct);
        var clients = await CreateClientsAsync(server, options.Clients, ct);
        try
        {
            Console.WriteLine($"Silo.Bench locks: {options.Clients} clients (one HTTP/1.1 keep-alive connection each), server in-process at {server.BaseAddress}");
            Console.WriteLine($"  {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; " +
                $"{options.Rounds} rounds of {options.Seconds:0.#} s per side, alternating, after a warm-up");
            Console.WriteLine("  pair = POST /api/items/{pn}/lock (201) + DELETE /api/items/{pn}/lock (204), on the client's own item");
            Console.WriteLine("  health = GET /health (200), no token");
            Console.WriteLine();

            var warm = await WarmUp.RunAsync(
                [length => LoadRunner.RunAsync(clients, LockPairAsync, length, ct), length => LoadRunner.RunAsync(clients, HealthAsync, length, ct)],
                options.WarmUpMinimum, options.WarmUpMaximum);
            Console.WriteLine(Invariant($"  warm-up {warm.Elapsed.TotalSeconds:0.0} s, alternating 1 s slices: ") + (warm.Settled
                ? Invariant($"JIT settled at {warm.CompiledMethods:N0} compiled methods")
                : Invariant($"JIT still compiling at {warm.CompiledMethods:N0} methods; stopped at the limit, early rounds may read low")));
            Console.WriteLine();

            var pairs = new List<RoundResult>();
            var health = new List<RoundResult>();
            Console.WriteLine("  round        pairs/s     health req/s   ratio   pair p50 ms   pair p99 ms");
            for (var round = 1; round <= options.Rounds; round++)
            {
                var p = await LoadRunner.RunAsync(clients, LockPairAsync, options.RoundLength, ct);
                var h = await LoadRunner.RunAsync(clients, HealthAsync, options.RoundLength, ct);
                pairs.Add(p);
                health.Add(h);
                Console.WriteLine(Invariant($"  {round,5}   {p.PerSecond,12:N1}   {h.PerSecond,14:N1}   {p.PerSecond / h.PerSecond,5:0.000}   {RoundResult.PercentileMs(p.LatencyTicks, 50),11:0.00}   {RoundResult.PercentileMs(p.LatencyTicks, 99),11:0.00}"));
            }

            var medianPairs = Stats.Median(pairs.Select(r => r.PerSecond));
            var medianHealth = Stats.Median(health.Select(r => r.PerSecond));
            var allPairLatencies = pairs.SelectMany(r => r.LatencyTicks).ToArray();
            var allHealthLatencies = health.SelectMany(r => r.LatencyTicks).ToArray();
            Console.WriteLine();
            Console.WriteLine(Invariant($"  median pairs/s          {medianPairs,12:N1}   ({pairs.Sum(r => r.Operations):N0} pairs, {2 * pairs.Sum(r => r.Operations):N0} requests)"));
            Console.WriteLine(Invariant($"  median health req/s     {medianHealth,12:N1}   ({health.Sum(r => r.Operations):N0} requests)"));
            Console.WriteLine(Invariant($"  ratio of medians        {medianPairs / medianHealth,12:0.0000}   (pairs/s ÷ health req/s)"));
            Console.WriteLine(Invariant($"  median per-round ratio  {Stats.Median(pairs.Zip(health, (p, h) => p.PerSecond / h.PerSecond)),12:0.0000}"));
            Console.WriteLine(Invariant($"  pair latency            p50 {RoundResult.PercentileMs(allPairLatencies, 50):0.00} ms   p99 {RoundResult.PercentileMs(allPairLatencies, 99):0.00} ms   (all rounds)"));
            Console.WriteLine(Invariant($"  health latency          p50 {RoundResult.PercentileMs(allHealthLatencies, 50):0.00} ms   p99 {RoundResult.PercentileMs(allHealthLatencies, 99):0.00} ms   (all rounds)"));
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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
