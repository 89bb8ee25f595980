using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Silo.Bench.Harness;
using Silo.Bench.Hosting;

namespace Silo.Bench.Sessions;

/// <summary>
/// How long an edit-session acquire takes on a busy server: 1,000 live sessions of 100 users'
/// workstations spread over 100 items, ten per item, each on its own object with its own cone so
/// none interferes. A probe user acquires a session on each item in turn (the eleventh there, so
/// the interference check reads ten live sessions), then releases it untimed to keep the live
/// count at 1,000. GET /health is timed in the turns between, on the same connection, as the
/// floor any request pays; and one bare durable transaction on a file with the server's settings
/// (<see cref="Locks.StoreBaseline"/>), as the floor any write pays on this disk.
/// </summary>
internal static class EditSessionAcquireBenchmark
{
    private const int Items = 100;
    private const int Users = 50;
    private const int WorkstationsPerUser = 2;
    private const int LiveSessions = 1_000;

    /// <summary>The measuring user: its connection, token, workstation, and the item it acquires on next.</summary>
    private sealed class Probe(HttpClient http, AuthenticationHeaderValue auth, string workstationId, string[] partNumbers)
    {
        private int _next;

        public HttpClient Http { get; } = http;

        public AuthenticationHeaderValue Auth { get; } = auth;

        public string WorkstationId { get; } = workstationId;

        public string NextPartNumber() => partNumbers[_next++ % partNumbers.Length];
    }

    public static Task RunAsync(BenchOptions options, CancellationToken ct) => MeasureAsync(options, BenchServer.StartAsync, ct);

    public static async Task<SessionFigures> MeasureAsync(BenchOptions options, ServerStart start, CancellationToken ct)
    {
        var load = MachineLoad.Start();
        // Leases must outlive the run: nobody heartbeats the seeded sessions.
        await using var server = await start(ct, "--session-ttl", "24:00");
        using var admin = server.CreateClient();
        var seeding = Stopwatch.StartNew();
        var partNumbers = await SeedAsync(server, admin, ct);
        seeding.Stop();

        var probeToken = await server.CreateEditorAsync(admin, "probe", ct);
        var probeAuth = Api.Bearer(probeToken);
        var probe = new Probe(server.CreateClient(), probeAuth, await Api.RegisterWorkstationAsync(admin, probeAuth, "probe-ws", ct), partNumbers);
        using var store = Locks.StoreBaseline.Open(server.DataDir, 1);
        try
        {
            var before = await CountLiveAsync(admin, probeAuth, partNumbers, ct);
            if (before != LiveSessions) throw new InvalidOperationException($"{before} live sessions after seeding, not {LiveSessions}.");

            Console.WriteLine($"Silo.Bench sessions: edit-session acquire latency with {LiveSessions:N0} live sessions, server in-process at {string.Join(", ", server.BaseAddresses)}");
            Console.WriteLine($"  {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; " +
                $"{options.Rounds} rounds of {options.Seconds:0.#} s, one client on one keep-alive connection, acquire and health interleaved");
            Console.WriteLine(Invariant($"  seeded {Items} items, {Users * WorkstationsPerUser} workstations of {Users} users, {LiveSessions:N0} sessions (10 per item, disjoint cones) in {seeding.Elapsed.TotalSeconds:0.0} s"));
            Console.WriteLine("  acquire = POST /api/items/{pn}/edit-session (200, interference none) on the next of the 100 items; its DELETE follows untimed");
            Console.WriteLine("  health = GET /health (200), no token, in the turn after each acquire; commit = one bare durable transaction (store baseline) after that");
            Console.WriteLine();

            Func<CancellationToken, Task<long>>[] sides =
            [
                token => AcquireAsync(probe, token),
                token => HealthAsync(probe, token),
                async token =>
                {
                    var begun = Stopwatch.GetTimestamp();
                    await store.TransactionAsync(store.Connections[0], token);
                    return Stopwatch.GetTimestamp() - begun;
                },
            ];
            var warm = await WarmUp.RunAsync([length => InterleavedRunner.RunAsync(sides, length, ct)], options.WarmUpMinimum, options.WarmUpMaximum);
            Console.WriteLine(Invariant($"  warm-up {warm.Elapsed.TotalSeconds:0.0} s, 1 s slices: ") + (warm.Settled
                ? Invariant($"JIT settled at {warm.CompiledMethods:N0} compiled methods")
                : Invariant($"JIT still compiling at {warm.CompiledMethods:N0} methods; stopped at the limit, early rounds may read high")));
            Console.WriteLine();

            var acquires = new List<long[]>();
            var healths = new List<long[]>();
            var commits = new List<long[]>();
            Console.WriteLine("  round   acquires   acquire p50 ms   acquire p99 ms   health p50 ms   health p99 ms   p50 ratio   p99 ratio");
            for (var round = 1; round <= options.Rounds; round++)
            {
                var measured = await InterleavedRunner.RunAsync(sides, options.RoundLength, ct);
                var (a, h) = (measured[0], measured[1]);
                acquires.Add(a);
                healths.Add(h);
                commits.Add(measured[2]);
                Console.WriteLine(Invariant($"  {round,5}   {a.Length,8:N0}   {P(a, 50),14:0.000}   {P(a, 99),14:0.000}   {P(h, 50),13:0.000}   {P(h, 99),13:0.000}   {P(a, 50) / P(h, 50),9:0.0}   {P(a, 99) / P(h, 99),9:0.0}"));
            }

            var after = await CountLiveAsync(admin, probeAuth, partNumbers, ct);
            var medAcquire50 = Stats.Median(acquires.Select(a => P(a, 50)));
            var medAcquire99 = Stats.Median(acquires.Select(a => P(a, 99)));
            var medHealth50 = Stats.Median(healths.Select(h => P(h, 50)));
            var medHealth99 = Stats.Median(healths.Select(h => P(h, 99)));
            var allAcquires = acquires.SelectMany(a => a).ToArray();
            var allHealths = healths.SelectMany(h => h).ToArray();
            Console.WriteLine();
            Console.WriteLine(Invariant($"  median acquire p50 ms   {medAcquire50,9:0.000}   health p50 ms {medHealth50,7:0.000}   ratio {medAcquire50 / medHealth50,6:0.0}"));
            Console.WriteLine(Invariant($"  median acquire p99 ms   {medAcquire99,9:0.000}   health p99 ms {medHealth99,7:0.000}   ratio {medAcquire99 / medHealth99,6:0.0}"));
            Console.WriteLine(Invariant($"  all rounds              acquire p50 {P(allAcquires, 50):0.000} ms  p99 {P(allAcquires, 99):0.000} ms ({allAcquires.Length:N0})   health p50 {P(allHealths, 50):0.000} ms  p99 {P(allHealths, 99):0.000} ms ({allHealths.Length:N0})"));
            var medCommit50 = Stats.Median(commits.Select(c => P(c, 50)));
            var medCommit99 = Stats.Median(commits.Select(c => P(c, 99)));
            Console.WriteLine(Invariant($"  median bare commit      p50 {medCommit50:0.000} ms   p99 {medCommit99:0.000} ms   (one durable transaction on this disk, the floor of any write; acquire p50 - commit p50 = {medAcquire50 - medCommit50:0.000} ms)"));
            Console.WriteLine(Invariant($"  live sessions           {before:N0} before the rounds, {after:N0} after"));
            Console.WriteLine($"  machine: {load.Describe()}");
            Goals.Check("sessions", "acquire p50 ÷ health p50, 1,000 live", "≤ 3×", Goals.Figure(medAcquire50 / medHealth50, "×"), medAcquire50 / medHealth50 <= 3);
            Goals.Check("sessions", "acquire p99 ÷ health p99, 1,000 live", "≤ 5×", Goals.Figure(medAcquire99 / medHealth99, "×"), medAcquire99 / medHealth99 <= 5);
            return new SessionFigures(medAcquire50, medAcquire99);
        }
        finally
        {
            probe.Http.Dispose();
        }
    }

    /// <summary>Sessions through the API, as clients would create them: item i holds sessions i, i+100, …, each from another workstation.</summary>
    private static async Task<string[]> SeedAsync(BenchServer server, HttpClient admin, CancellationToken ct)
    {
        var partNumbers = Enumerable.Range(1, Items).Select(i => Invariant($"BENCH-S{i:000}")).ToArray();
        foreach (var pn in partNumbers) await server.CreateItemAsync(admin, pn, ct);

        var workstations = new List<(AuthenticationHeaderValue Auth, string Id)>();
        for (var u = 1; u <= Users; u++)
        {
            var auth = Api.Bearer(await server.CreateEditorAsync(admin, Invariant($"user{u:00}"), ct));
            for (var w = 1; w <= WorkstationsPerUser; w++)
                workstations.Add((auth, await Api.RegisterWorkstationAsync(admin, auth, Invariant($"user{u:00}-ws{w}"), ct)));
        }

        for (var j = 0; j < LiveSessions; j++)
        {
            // Workstation j/10 holds ten sessions on ten different items; every item gets ten workstations.
            var (auth, workstationId) = workstations[j / (LiveSessions / workstations.Count) % workstations.Count];
            var body = new
            {
                workstation_id = workstationId,
                context_level = "partdesign",
                object_id = Invariant($"Body{j}"),
                dependency_cone = new[] { Invariant($"Pad{j}"), Invariant($"Pocket{j}"), Invariant($"Fillet{j}") },
            };
            var grant = await Api.SendAsync(admin, HttpMethod.Post, $"/api/items/{partNumbers[j % Items]}/edit-session", auth, body, HttpStatusCode.OK, ct);
            if (grant.GetProperty("interference").GetString() != "none")
                throw new InvalidOperationException($"Seed session {j} interferes: {grant}");
        }
        return partNumbers;
    }

    private static async Task<long> AcquireAsync(Probe probe, CancellationToken ct)
    {
        var pn = probe.NextPartNumber();
        var body = new { workstation_id = probe.WorkstationId, context_level = "sketch", object_id = "ProbeSketch", dependency_cone = new[] { "ProbePad" } };
        var begun = Stopwatch.GetTimestamp();
        using var response = await Api.SendRawAsync(probe.Http, HttpMethod.Post, $"/api/items/{pn}/edit-session", probe.Auth, body, ct);
        var elapsed = Stopwatch.GetTimestamp() - begun;

        await Api.EnsureAsync(response, $"POST /api/items/{pn}/edit-session", HttpStatusCode.OK, ct);
        var grant = await Api.BodyAsync(response, ct);
        if (grant.GetProperty("interference").GetString() != "none") throw new InvalidOperationException($"The probe's session interferes: {grant}");
        var sessionId = grant.GetProperty("session_id").GetString();
        await Api.SendAsync(probe.Http, HttpMethod.Delete, $"/api/items/{pn}/edit-session/{sessionId}", probe.Auth, null, HttpStatusCode.NoContent, ct);
        return elapsed;
    }

    private static async Task<long> HealthAsync(Probe probe, CancellationToken ct)
    {
        var begun = Stopwatch.GetTimestamp();
        using var response = await probe.Http.GetAsync(new Uri("/health", UriKind.Relative), ct);
        var elapsed = Stopwatch.GetTimestamp() - begun;
        await Api.EnsureAsync(response, "GET /health", HttpStatusCode.OK, ct);
        return elapsed;
    }

    private static async Task<int> CountLiveAsync(HttpClient http, AuthenticationHeaderValue auth, string[] partNumbers, CancellationToken ct)
    {
        var live = 0;
        foreach (var pn in partNumbers)
            live += (await Api.SendAsync(http, HttpMethod.Get, $"/api/items/{pn}/edit-sessions", auth, null, HttpStatusCode.OK, ct)).GetArrayLength();
        return live;
    }

    private static double P(long[] ticks, double percentile) => RoundResult.PercentileMs(ticks, percentile);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
