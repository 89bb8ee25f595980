using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Silo.Bench.Harness;
using Silo.Bench.Hosting;
using Silo.Server.Storage;

namespace Silo.Bench.SyncDiff;

/// <summary>
/// How long a workstation waits for its sync diff when it follows a large category: 1,000, 10,000
/// and 100,000 items (one fresh server each), all held at revision 1 as its sync-state report says,
/// 100 of them since given a revision 2 through the API. The diff is read to the end, following
/// next_cursor: once at the default page size (one page holds all 100 updates) and once 25 per
/// page (four pages), interleaved with GET /health on the same connection. A diff that follows
/// the changes rather than the items followed costs about the same at every size.
/// </summary>
internal static class SyncDiffBenchmark
{
    private static readonly int[] Sizes = [1_000, 10_000, 100_000];
    private const int GoalSize = 10_000;
    private const double P50GoalMs = 30;
    private const double PagingGoal = 1.5;
    private const double GrowthGoal = 2;
    private const int Changes = 100;
    private const int SmallPage = 25;
    private const string Category = "BenchSync";

    private sealed record Client(HttpClient Http, AuthenticationHeaderValue Auth, string WorkstationId);

    private sealed record Seeded(string[] PartNumbers, string[] Hashes);

    private sealed record Figures(int ItemCount, double Diff50, double Paged50, double Health50);

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var load = MachineLoad.Start();
        var figures = new List<Figures>();
        foreach (var size in Sizes)
        {
            if (figures.Count > 0) Console.WriteLine();
            figures.Add(await RunSizeAsync(options, size, ct));
        }

        Console.WriteLine();
        Console.WriteLine("  items followed   diff p50 ms   paged p50 ms   paged÷diff   health p50 ms   diff÷health");
        foreach (var f in figures)
            Console.WriteLine(Invariant($"  {f.ItemCount,14:N0}   {f.Diff50,11:0.0}   {f.Paged50,12:0.0}   {f.Paged50 / f.Diff50,10:0.00}   {f.Health50,13:0.000}   {f.Diff50 / f.Health50,11:0}"));
        Console.WriteLine($"  machine: {load.Describe()}");
        var atGoal = figures.Single(f => f.ItemCount == GoalSize);
        var growth = figures[^1].Diff50 / figures[0].Diff50;
        Goals.Check("syncdiff", Invariant($"diff p50, {GoalSize:N0} followed, {Changes} changed"), "≤ 30 ms", Goals.Figure(atGoal.Diff50, "ms"), atGoal.Diff50 <= P50GoalMs);
        Goals.Check("syncdiff", Invariant($"4 pages of 25 ÷ 1 page, {GoalSize:N0} followed"), "≤ 1.5×", Goals.Figure(atGoal.Paged50 / atGoal.Diff50, "×", "0.00"),
            atGoal.Paged50 / atGoal.Diff50 <= PagingGoal);
        Goals.Check("syncdiff", Invariant($"diff p50 at {figures[^1].ItemCount:N0} ÷ at {figures[0].ItemCount:N0}"), "≤ 2× (grows with changes)",
            Goals.Figure(growth, "×", "0.00"), growth <= GrowthGoal);
    }

    private static async Task<Figures> RunSizeAsync(BenchOptions options, int itemCount, CancellationToken ct)
    {
        await using var server = await BenchServer.StartAsync(ct);
        using var admin = server.CreateClient();
        var authorAuth = Api.Bearer(await server.CreateEditorAsync(admin, "author", ct));
        var syncerAuth = Api.Bearer(await server.CreateEditorAsync(admin, "syncer", ct));
        var client = new Client(server.CreateClient(), syncerAuth, await Api.RegisterWorkstationAsync(admin, syncerAuth, "syncer-ws", ct));
        try
        {
            var seeding = Stopwatch.StartNew();
            var seeded = await SeedItemsAsync(server, itemCount, ct);
            seeding.Stop();
            await Api.SendAsync(admin, HttpMethod.Post, $"/api/workstations/{client.WorkstationId}/subscriptions", syncerAuth,
                new { type = "category", target = Category, revision_policy = "latest", pinned_revision = (int?)null }, HttpStatusCode.Created, ct);
            var report = await ReportAsync(admin, client, seeded, ct);
            var (_, _, before) = await DiffAsync(client, null, ct);
            if (before.Total != 0) throw new InvalidOperationException($"The diff right after the report is not empty: {before}.");
            // The first diff looked at every item once (the report made them all pending); let the
            // server drop the ones it found in step before the changes, as it would between syncs.
            await DiffAsync(client, null, ct);
            var changing = Stopwatch.StartNew();
            await ChangeAsync(admin, authorAuth, seeded, itemCount, ct);
            changing.Stop();

            Console.WriteLine($"Silo.Bench syncdiff: sync diff of a workstation following {itemCount:N0} items with {Changes} changes, server in-process at {server.BaseAddress}");
            Console.WriteLine($"  {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; " +
                $"{options.Rounds} rounds of {options.Seconds:0.#} s, one client on one keep-alive connection, the three requests interleaved");
            Console.WriteLine(Invariant($"  seeded {itemCount:N0} items of category {Category} with a revision 1 each (SQL through the server's IDatabase) in {seeding.Elapsed.TotalSeconds:0.0} s;"));
            Console.WriteLine(Invariant($"  category subscription (policy latest); POST …/sync-state reporting all {itemCount:N0} at revision 1 took {Ms(report):0} ms;"));
            Console.WriteLine(Invariant($"  {Changes} items got a revision 2 through POST …/file + POST …/revisions in {changing.Elapsed.TotalSeconds:0.0} s"));
            Console.WriteLine($"  diff = GET /api/workstations/{{ws}}/sync-diff to the last page (default limit: 1 page); paged = the same with limit={SmallPage} ({Changes / SmallPage} pages)");
            Console.WriteLine($"  each read must list {Changes} updates, no downloads, no removals; health = GET /health (200), no token");
            Console.WriteLine();

            Func<CancellationToken, Task<long>>[] sides =
            [
                token => TimedDiffAsync(client, null, 1, token),
                token => TimedDiffAsync(client, SmallPage, Changes / SmallPage, token),
                token => HealthAsync(client, token),
            ];
            var warm = await WarmUp.RunAsync([length => InterleavedRunner.RunAsync(sides, length, ct)], options.WarmUpMinimum, options.WarmUpMaximum);
            Console.WriteLine(Invariant($"  warm-up {warm.Elapsed.TotalSeconds:0.0} s, 1 s slices: ") + (warm.Settled
                ? Invariant($"JIT settled at {warm.CompiledMethods:N0} compiled methods")
                : Invariant($"JIT still compiling at {warm.CompiledMethods:N0} methods; stopped at the limit, early rounds may read high")));
            Console.WriteLine();

            var rounds = new List<long[][]>();
            // A diff takes a good fraction of a second, so a round holds only a few: max, not p99, is what they can tell.
            Console.WriteLine("  round   diffs   diff p50 ms   diff max ms   paged p50 ms   paged max ms   health p50 ms   health p99 ms   diff÷health p50");
            for (var round = 1; round <= options.Rounds; round++)
            {
                var m = await InterleavedRunner.RunAsync(sides, options.RoundLength, ct);
                rounds.Add(m);
                Console.WriteLine(Invariant($"  {round,5}   {m[0].Length,5}   {P(m[0], 50),11:0.0}   {P(m[0], 100),11:0.0}   {P(m[1], 50),12:0.0}   {P(m[1], 100),12:0.0}   {P(m[2], 50),13:0.000}   {P(m[2], 99),13:0.000}   {P(m[0], 50) / P(m[2], 50),15:0}"));
            }

            double Median(int side, double percentile) => Stats.Median(rounds.Select(m => P(m[side], percentile)));
            var diff50 = Median(0, 50);
            var health50 = Median(2, 50);
            Console.WriteLine();
            var allDiffs = rounds.SelectMany(m => m[0]).ToArray();
            var allPaged = rounds.SelectMany(m => m[1]).ToArray();
            Console.WriteLine(Invariant($"  median diff             p50 {diff50:0.0} ms   max {Median(0, 100):0.0} ms   (per-round medians)"));
            Console.WriteLine(Invariant($"  median paged diff       p50 {Median(1, 50):0.0} ms   max {Median(1, 100):0.0} ms   ({Changes / SmallPage} pages of {SmallPage}: {Median(1, 50) / diff50:0.00}× the one-page diff)"));
            Console.WriteLine(Invariant($"  median health           p50 {health50:0.000} ms   p99 {Median(2, 99):0.000} ms"));
            Console.WriteLine(Invariant($"  ratio of medians        diff÷health p50 {diff50 / health50:0}   paged÷health p50 {Median(1, 50) / health50:0}"));
            Console.WriteLine(Invariant($"  all rounds              diff p50 {P(allDiffs, 50):0.0} ms  p99 {P(allDiffs, 99):0.0} ms ({allDiffs.Length} diffs)   paged p50 {P(allPaged, 50):0.0} ms  p99 {P(allPaged, 99):0.0} ms ({allPaged.Length})"));
            Console.WriteLine(Invariant($"  per item followed       {diff50 * 1000 / itemCount:0.00} µs of diff p50"));
            return new Figures(itemCount, diff50, Median(1, 50), health50);
        }
        finally
        {
            client.Http.Dispose();
        }
    }

    /// <summary>
    /// Items, their files' blob rows and a revision 1 each, in one transaction: through the API
    /// this would take 30,000 requests. The blob files themselves are never read by a diff.
    /// </summary>
    private static async Task<Seeded> SeedItemsAsync(BenchServer server, int itemCount, CancellationToken ct)
    {
        var db = server.Services.GetRequiredService<IDatabase>();
        var time = server.Services.GetRequiredService<TimeProvider>();
        var partNumbers = Enumerable.Range(1, itemCount).Select(i => Invariant($"SYNC-{i:000000}")).ToArray();
        var hashes = partNumbers.Select(pn => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pn + " r1")))).ToArray();
        var now = time.Now();
        await db.WriteAsync(async s =>
        {
            var author = await s.ScalarAsync<string>("SELECT id FROM users WHERE username = 'author'", null, ct);
            var items = partNumbers.Select((pn, i) => new { id = Ids.New(time), pn, hash = hashes[i], revisionId = Ids.New(time) }).ToList();
            var rows = JsonSerializer.Serialize(items.Select(r => new[] { r.id, r.pn, r.hash, r.revisionId }));
            await s.ExecuteAsync("""
                INSERT INTO items(id, part_number, category, project, description, created_by, created_at, updated_at)
                SELECT j.value ->> '$[0]', j.value ->> '$[1]', @Category, 'Bench', 'Seeded part', @author, @now, @now FROM json_each(@rows) j
                """, new { Category, author, now, rows }, ct);
            await s.ExecuteAsync("INSERT INTO blobs(sha256, size, created_at) SELECT j.value ->> '$[2]', 1000, @now FROM json_each(@rows) j", new { now, rows }, ct);
            await s.ExecuteAsync("""
                INSERT INTO revisions(id, item_id, revision, file_hash, file_size, comment, status, created_by, created_at)
                SELECT j.value ->> '$[3]', j.value ->> '$[0]', 1, j.value ->> '$[2]', 1000, 'seeded', 'draft', @author, @now FROM json_each(@rows) j
                """, new { author, now, rows }, ct);
            return true;
        }, ct);
        return new Seeded(partNumbers, hashes);
    }

    /// <returns>The report's round trip, in ticks.</returns>
    private static async Task<long> ReportAsync(HttpClient http, Client client, Seeded seeded, CancellationToken ct)
    {
        var items = seeded.PartNumbers.Select((pn, i) => new { part_number = pn, revision = 1, checkpoint_id = (string?)null, file_hash = seeded.Hashes[i], is_checkpoint = false });
        var begun = Stopwatch.GetTimestamp();
        await Api.SendAsync(http, HttpMethod.Post, $"/api/workstations/{client.WorkstationId}/sync-state", client.Auth, new { items }, HttpStatusCode.NoContent, ct);
        return Stopwatch.GetTimestamp() - begun;
    }

    /// <summary>Revision 2 of every hundredth item, the way an editor makes one: upload the file, then the revision.</summary>
    private static async Task ChangeAsync(HttpClient http, AuthenticationHeaderValue author, Seeded seeded, int itemCount, CancellationToken ct)
    {
        for (var k = 0; k < Changes; k++)
        {
            var pn = seeded.PartNumbers[k * (itemCount / Changes) + itemCount / Changes / 2];
            using var content = new ByteArrayContent(RandomNumberGenerator.GetBytes(1000));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/items/{pn}/file") { Content = content };
            request.Headers.Authorization = author;
            using var response = await http.SendAsync(request, ct);
            await Api.EnsureAsync(response, $"POST /api/items/{pn}/file", HttpStatusCode.Created, ct);
            var hash = (await Api.BodyAsync(response, ct)).GetProperty("sha256").GetString();
            await Api.SendAsync(http, HttpMethod.Post, $"/api/items/{pn}/revisions", author, new { file_hash = hash, comment = "bench change" }, HttpStatusCode.Created, ct);
        }
    }

    private sealed record Counts(int Downloads, int Updates, int Removals)
    {
        public int Total => Downloads + Updates + Removals;
    }

    /// <summary>Every page of the diff, read and parsed as a client must to find the next cursor.</summary>
    private static async Task<(long Ticks, int Pages, Counts Counts)> DiffAsync(Client client, int? limit, CancellationToken ct)
    {
        string? cursor = null;
        var (pages, downloads, updates, removals) = (0, 0, 0, 0);
        var begun = Stopwatch.GetTimestamp();
        do
        {
            var query = new List<string>(2);
            if (limit is { } n) query.Add(Invariant($"limit={n}"));
            if (cursor is not null) query.Add("cursor=" + Uri.EscapeDataString(cursor));
            var path = $"/api/workstations/{client.WorkstationId}/sync-diff" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
            using var response = await Api.SendRawAsync(client.Http, HttpMethod.Get, path, client.Auth, null, ct);
            await Api.EnsureAsync(response, "GET " + path, HttpStatusCode.OK, ct);
            var page = await Api.BodyAsync(response, ct);
            pages++;
            downloads += page.GetProperty("downloads").GetArrayLength();
            updates += page.GetProperty("updates").GetArrayLength();
            removals += page.GetProperty("removals").GetArrayLength();
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        return (Stopwatch.GetTimestamp() - begun, pages, new Counts(downloads, updates, removals));
    }

    private static async Task<long> TimedDiffAsync(Client client, int? limit, int expectedPages, CancellationToken ct)
    {
        var (ticks, pages, counts) = await DiffAsync(client, limit, ct);
        if (counts != new Counts(0, Changes, 0) || pages != expectedPages)
            throw new InvalidOperationException($"The diff (limit {limit?.ToString(CultureInfo.InvariantCulture) ?? "default"}) came in {pages} pages with {counts}, not {expectedPages} with {Changes} updates.");
        return ticks;
    }

    private static async Task<long> HealthAsync(Client client, CancellationToken ct)
    {
        var begun = Stopwatch.GetTimestamp();
        using var response = await client.Http.GetAsync(new Uri("/health", UriKind.Relative), ct);
        var elapsed = Stopwatch.GetTimestamp() - begun;
        await Api.EnsureAsync(response, "GET /health", HttpStatusCode.OK, ct);
        return elapsed;
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double P(long[] ticks, double percentile) => RoundResult.PercentileMs(ticks, percentile);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
