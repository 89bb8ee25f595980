using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Silo.Bench.Fanout;
using Silo.Bench.Harness;
using Silo.Server.Json;

namespace Silo.Bench.Team;

/// <summary>
/// A team's load on one server, as workstations make it: N = 250, 1,000 and 2,000 workstations
/// (one user each), each with its event stream open (workstation_id: the public events, and the
/// checkpoints and edit sessions of the items it follows), 2 to 5
/// latest subscriptions (the Shared category, its own category, 0 to 3 items) and a heartbeat every
/// 5 s. The server runs as its own process, so its CPU and memory are its own. With that load
/// running, in turn: a 10 s window of heartbeats alone; 10 s of edit-session churn asked at 1,000
/// requests/s (acquires and releases, open loop); a burst of 20 body_close checkpoints on Shared
/// items, one every 25 ms from 20 authors, each delivered to every other workstation; 20
/// registrations of new workstations; and, at the largest N, a restart after which every
/// workstation reconnects (Last-Event-ID) and reads its sync diff.
/// </summary>
internal static class TeamBenchmark
{
    private static readonly int[] Sizes = [250, 1_000, 2_000];
    private const int SharedItems = 20;
    private const int OwnItems = 100;
    private const int Categories = 10;
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private const int ChurnAsked = 1_000;
    private const int ChurnSlots = 200;
    private static readonly TimeSpan CheckpointSpacing = TimeSpan.FromMilliseconds(25);
    private const int Registrations = 20;

    private sealed record Figures(
        int N, double Heartbeat50, double Heartbeat99, int HeartbeatErrors, double CpuPercent, double RssMb, double PeakMb,
        double ChurnOps, double Acquire50, double Acquire99, int ChurnErrors,
        double Delivery50, double Delivery99, int Missing, int Duplicates, double Register50, double Register99,
        double? RestartSeconds, int RestartErrors);

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var load = MachineLoad.Start();
        var figures = new List<Figures>();
        var sizes = options.TeamSizes ?? Sizes;
        long serversTicks = 0;
        foreach (var n in sizes)
        {
            if (figures.Count > 0) Console.WriteLine();
            var (f, serverTicks) = await RunSizeAsync(n, restart: n == sizes[^1], ct);
            figures.Add(f);
            serversTicks += serverTicks;
        }

        Console.WriteLine();
        Console.WriteLine("  N       heartbeat p50/p99 ms   server CPU  RSS/peak MB    churn ops/s (of 1,000)  acquire p50/p99 ms   checkpoint→SSE p50/p99 ms  lost/dup  register p50/p99 ms  restart");
        foreach (var f in figures)
        {
            Console.WriteLine(Invariant($"  {f.N,5}   {f.Heartbeat50,8:0.0} / {f.Heartbeat99,7:0.0}   {f.CpuPercent,8:0}%   {f.RssMb,5:0}/{f.PeakMb,-5:0}   {f.ChurnOps,14:N0}            {f.Acquire50,7:0.0} / {f.Acquire99,7:0.0}     {f.Delivery50,9:0.0} / {f.Delivery99,7:0.0}        {f.Missing}/{f.Duplicates}     {f.Register50,8:0.0} / {f.Register99,6:0.0}       ")
                + (f.RestartSeconds is { } r ? Invariant($"{r:0.0} s, {f.RestartErrors} errors") : "-"));
        }
        Console.WriteLine("  (server CPU: % of one core during the heartbeat window; 100% = one of the machine's cores)");
        Console.WriteLine($"  machine: {load.Describe(serversTicks)} (the server processes counted as this run's)");

        if (!Sizes.All(n => figures.Any(f => f.N == n)))
        {
            Console.WriteLine("  (goals are checked only when N = 250, 1,000 and 2,000 all ran)");
            return;
        }
        Figures At(int n) => figures.Single(f => f.N == n);
        Goals.Check("team", "heartbeat p99, N = 2,000", "≤ 20 ms", Goals.Figure(At(2_000).Heartbeat99, "ms"), At(2_000).Heartbeat99 <= 20);
        Goals.Check("team", "session churn, N = 1,000", "≥ 500 ops/s", Goals.Figure(At(1_000).ChurnOps, "ops/s", "0"), At(1_000).ChurnOps >= 500);
        Goals.Check("team", "acquire p99 under churn, N = 1,000", "≤ 50 ms", Goals.Figure(At(1_000).Acquire99, "ms"), At(1_000).Acquire99 <= 50);
        Goals.Check("team", "20 checkpoints → SSE p99, N = 1,000", "≤ 100 ms", Goals.Figure(At(1_000).Delivery99, "ms"),
            At(1_000).Delivery99 <= 100 && At(1_000).Missing == 0 && At(1_000).Duplicates == 0);
        Goals.Check("team", "register a workstation, 1,000 streams", "≤ 20 ms", Goals.Figure(At(1_000).Register50, "ms"), At(1_000).Register50 <= 20);
        var restart = At(2_000);
        Goals.Check("team", "restart, reconnect + diff, N = 2,000", "≤ 10 s, 0 errors",
            Invariant($"{restart.RestartSeconds:0.0} s, {restart.RestartErrors} errors"), restart.RestartSeconds <= 10 && restart.RestartErrors == 0);
    }

    private static async Task<(Figures Figures, long ServerTicks)> RunSizeAsync(int n, bool restart, CancellationToken ct)
    {
        await using var server = await ServerProcess.StartAsync(ct);
        using var requests = Client(server.BaseAddress, 256, TimeSpan.FromSeconds(60));
        using var streams = Client(server.BaseAddress, int.MaxValue, Timeout.InfiniteTimeSpan);
        var admin = Api.Bearer(server.AdminToken);
        var log = new DeliveryLog();
        var members = new List<TeamMember>();
        using var stopBeats = new CancellationTokenSource();
        var beats = new Latencies();
        var beating = new List<Task>();
        try
        {
            var setup = Stopwatch.StartNew();
            await SeedItemsAsync(requests, admin, ct);
            members.AddRange(await CreateMembersAsync(requests, admin, n, ct));
            var blobs = await UploadBlobsAsync(requests, members, ct);
            await ForEachAsync(members, 32, async m => m.Stream = await RawEventStream.ConnectAsync(streams, m.Auth, m.WorkstationId, null, m.Index, log, ct), ct);
            beating.AddRange(members.Select(m => HeartbeatAsync(requests, m, n, beats, stopBeats.Token)));
            setup.Stop();

            Console.WriteLine(Invariant($"Silo.Bench team: N = {n:N0} workstations on one server process ({server.BaseAddress}), {Environment.ProcessorCount} cores shared with this load generator"));
            Console.WriteLine(Invariant($"  set up through the API in {setup.Elapsed.TotalSeconds:0.0} s: {n:N0} users and workstations, {members.Count} event streams open, 2-5 subscriptions each, a heartbeat every {HeartbeatInterval.TotalSeconds:0} s each"));
            await Task.Delay(TimeSpan.FromSeconds(3), ct);

            // Heartbeats alone.
            beats.Drain();
            var cpuBefore = server.CpuTicks;
            var clock = Stopwatch.StartNew();
            await Task.Delay(Window, ct);
            var cpu = (server.CpuTicks - cpuBefore) / clock.Elapsed.TotalSeconds;
            var (beatTicks, beatErrors) = beats.Drain();
            var (rss, peak) = server.Memory();
            Console.WriteLine(Invariant($"  heartbeats       {beatTicks.Length:N0} in {Window.TotalSeconds:0} s: p50 {Latencies.P(beatTicks, 50):0.0} ms  p99 {Latencies.P(beatTicks, 99):0.0} ms  max {Latencies.P(beatTicks, 100):0.0} ms, {beatErrors} errors; server CPU {cpu:0}% of a core, RSS {rss / 1e6:0} MB (peak {peak / 1e6:0} MB)"));

            // Edit-session churn, open loop.
            var (ops, acquires, churnErrors) = await ChurnAsync(requests, members, ct);
            var churnBeats = beats.Drain();
            Console.WriteLine(Invariant($"  session churn    asked {ChurnAsked:N0}/s over {Math.Min(ChurnSlots, n)} workstations for {Window.TotalSeconds:0} s: {ops / Window.TotalSeconds:N0} ops/s done, acquire p50 {Latencies.P(acquires, 50):0.0} ms  p99 {Latencies.P(acquires, 99):0.0} ms, {churnErrors} errors; heartbeats meanwhile p99 {Latencies.P(churnBeats.Ticks, 99):0.0} ms"));

            // The churn's events reach every stream before the burst starts, so the burst's figures are its own.
            var drained = await DrainAsync(requests, members, ct);
            Console.WriteLine(Invariant($"  (the churn's last events reached every stream {drained.TotalSeconds:0.0} s after it stopped)"));

            // Checkpoint burst to every follower.
            var (deliveries, missing, duplicates) = await CheckpointBurstAsync(requests, members, blobs, log, ct);
            Console.WriteLine(Invariant($"  checkpoints      {SharedItems} body_close, one every {CheckpointSpacing.TotalMilliseconds:0} ms, each to {n - 1:N0} workstations: commit → SSE p50 {Latencies.P(deliveries, 50):0.0} ms  p99 {Latencies.P(deliveries, 99):0.0} ms  max {Latencies.P(deliveries, 100):0.0} ms ({deliveries.Length:N0} deliveries, {missing} missing, {duplicates} duplicate)"));

            // New workstations joining.
            var registrations = await RegisterAsync(requests, members[0], ct);
            Console.WriteLine(Invariant($"  registrations    {Registrations} new workstations, one after another: p50 {Latencies.P(registrations, 50):0.0} ms  p99 {Latencies.P(registrations, 99):0.0} ms"));

            double? restartSeconds = null;
            var restartErrors = 0;
            if (restart)
            {
                (restartSeconds, restartErrors) = await RestartAsync(server, requests, streams, members, log, ct);
            }
            return (new Figures(n, Latencies.P(beatTicks, 50), Latencies.P(beatTicks, 99), beatErrors, cpu, rss / 1e6, peak / 1e6,
                ops / Window.TotalSeconds, Latencies.P(acquires, 50), Latencies.P(acquires, 99), churnErrors,
                Latencies.P(deliveries, 50), Latencies.P(deliveries, 99), missing, duplicates,
                Latencies.P(registrations, 50), Latencies.P(registrations, 99), restartSeconds, restartErrors), server.TotalCpuTicks);
        }
        finally
        {
            await stopBeats.CancelAsync();
            await Task.WhenAll(beating);
            foreach (var m in members)
                if (m.Stream is not null) await m.Stream.DisposeAsync();
        }
    }

    private static HttpClient Client(Uri baseAddress, int connections, TimeSpan timeout) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseCookies = false,
            UseProxy = false,
        })
        {
            BaseAddress = baseAddress,
            DefaultRequestVersion = HttpVersion.Version11,
            Timeout = timeout,
        };

    private static async Task SeedItemsAsync(HttpClient http, AuthenticationHeaderValue admin, CancellationToken ct)
    {
        for (var i = 1; i <= SharedItems; i++)
            await CreateItemAsync(http, admin, Invariant($"TEAM-S{i:00}"), "Shared", "Team", ct);
        for (var i = 1; i <= OwnItems; i++)
            await CreateItemAsync(http, admin, Invariant($"TEAM-{i:0000}"), Invariant($"Cat{i % Categories}"), Invariant($"Proj{i % 20}"), ct);
    }

    private static Task<JsonElement> CreateItemAsync(HttpClient http, AuthenticationHeaderValue admin, string partNumber, string category, string project, CancellationToken ct) =>
        Api.SendAsync(http, HttpMethod.Post, "/api/items", admin,
            new { part_number = partNumber, category, project, description = "Team part" }, HttpStatusCode.Created, ct);

    private static async Task<List<TeamMember>> CreateMembersAsync(HttpClient http, AuthenticationHeaderValue admin, int n, CancellationToken ct)
    {
        var members = new TeamMember[n];
        await ForEachAsync(Enumerable.Range(0, n), 16, async i =>
        {
            var user = await Api.SendAsync(http, HttpMethod.Post, "/api/users", admin, new { username = Invariant($"tm{i:0000}"), role = "editor" },
                HttpStatusCode.Created, ct);
            var auth = Api.Bearer(user.GetProperty("token").GetString()!);
            var workstation = await Api.RegisterWorkstationAsync(http, auth, Invariant($"tm{i:0000}-ws"), ct);
            await SubscribeAsync(http, auth, workstation, "category", "Shared", ct);
            await SubscribeAsync(http, auth, workstation, "category", Invariant($"Cat{i % Categories}"), ct);
            for (var k = 0; k < i % 4; k++)
                await SubscribeAsync(http, auth, workstation, "item", Invariant($"TEAM-{((i * 7) + (k * 31)) % OwnItems + 1:0000}"), ct);
            members[i] = new TeamMember(i, auth, workstation);
        }, ct);
        return [.. members];
    }

    private static Task<JsonElement> SubscribeAsync(HttpClient http, AuthenticationHeaderValue auth, string workstation, string type, string target, CancellationToken ct) =>
        Api.SendAsync(http, HttpMethod.Post, $"/api/workstations/{workstation}/subscriptions", auth,
            new { type, target, revision_policy = "latest", pinned_revision = (int?)null }, HttpStatusCode.Created, ct);

    /// <summary>One small file per Shared item, uploaded by its author ahead of the burst, which then only commits.</summary>
    private static async Task<(string Hash, int Size)[]> UploadBlobsAsync(HttpClient http, List<TeamMember> members, CancellationToken ct)
    {
        var blobs = new (string, int)[SharedItems];
        for (var k = 0; k < SharedItems; k++)
        {
            var bytes = RandomNumberGenerator.GetBytes(16 * 1024);
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var grant = await Api.SendAsync(http, HttpMethod.Post, Invariant($"/api/items/TEAM-S{k + 1:00}/checkpoint/upload-url"), members[k % members.Count].Auth,
                new { sha256 = hash, size = bytes.Length }, HttpStatusCode.OK, ct);
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await http.PutAsync(grant.GetProperty("upload_url").GetString(), content, ct);
            await Api.EnsureAsync(response, "PUT upload_url", HttpStatusCode.Created, ct);
            blobs[k] = (hash, bytes.Length);
        }
        return blobs;
    }

    /// <summary>Beats every 5 s from a start spread over the interval, as N workstations started at random times would.</summary>
    private static async Task HeartbeatAsync(HttpClient http, TeamMember member, int n, Latencies beats, CancellationToken ct)
    {
        try
        {
            await Task.Delay(HeartbeatInterval * member.Index / n, ct);
            using var timer = new PeriodicTimer(HeartbeatInterval);
            do
            {
                var begun = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await Api.SendRawAsync(http, HttpMethod.Post, $"/api/workstations/{member.WorkstationId}/heartbeat", member.Auth, null, ct);
                    if (response.StatusCode == HttpStatusCode.OK) beats.Add(Stopwatch.GetTimestamp() - begun);
                    else beats.Error();
                }
                catch (HttpRequestException)
                {
                    beats.Error();
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Each slot is a workstation editing its own sketch: acquire, release, acquire… on a fixed
    /// schedule (slots × rate = the rate asked). A slot whose request is late starts the next one
    /// as soon as it answers, so a slow server shows as fewer operations done.
    /// </summary>
    private static async Task<(long Ops, long[] Acquires, int Errors)> ChurnAsync(HttpClient http, List<TeamMember> members, CancellationToken ct)
    {
        var slots = Math.Min(ChurnSlots, members.Count);
        var period = TimeSpan.FromSeconds(slots / (double)ChurnAsked);
        var acquires = new Latencies();
        long ops = 0;
        var errors = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(Window.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, slots).Select(slot => Task.Run(async () =>
        {
            var member = members[slot];
            var path = Invariant($"/api/items/TEAM-{slot % OwnItems + 1:0000}/edit-session");
            var body = new { workstation_id = member.WorkstationId, context_level = "sketch", object_id = Invariant($"Sketch{slot}"), dependency_cone = Array.Empty<string>() };
            var due = start + (long)(period.TotalSeconds * Stopwatch.Frequency * slot / slots);
            string? session = null;
            while (true)
            {
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency), ct);
                if (Stopwatch.GetTimestamp() >= end && session is null) return;
                var begun = Stopwatch.GetTimestamp();
                try
                {
                    if (session is null)
                    {
                        using var response = await Api.SendRawAsync(http, HttpMethod.Post, path, member.Auth, body, ct);
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref errors);
                        }
                        else
                        {
                            var elapsed = Stopwatch.GetTimestamp() - begun;
                            session = (await Api.BodyAsync(response, ct)).GetProperty("session_id").GetString();
                            if (begun < end)
                            {
                                acquires.Add(elapsed);
                                Interlocked.Increment(ref ops);
                            }
                        }
                    }
                    else
                    {
                        using var response = await Api.SendRawAsync(http, HttpMethod.Delete, $"{path}/{session}", member.Auth, null, ct);
                        if (response.StatusCode != HttpStatusCode.NoContent) Interlocked.Increment(ref errors);
                        else if (begun < end) Interlocked.Increment(ref ops);
                        session = null;
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                due += (long)(period.TotalSeconds * Stopwatch.Frequency);
            }
        }, ct)));
        return (ops, acquires.Drain().Ticks, errors);
    }

    /// <summary>Waits until every stream has received the newest event they all carry (a public one).</summary>
    private static async Task<TimeSpan> DrainAsync(HttpClient http, List<TeamMember> members, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        // A public marker after the churn: each stream carries the sessions of its own items only,
        // but every stream carries this, after whatever of the churn it was told.
        var auth = members[0].Auth;
        var marked = Invariant($"/api/items/TEAM-{OwnItems:0000}/lock");
        await Api.SendAsync(http, HttpMethod.Post, marked, auth, null, HttpStatusCode.Created, ct);
        await Api.SendAsync(http, HttpMethod.Delete, marked, auth, null, HttpStatusCode.NoContent, ct);
        var head = (await Api.SendAsync(http, HttpMethod.Get, "/api/events/history?limit=1", auth, null, HttpStatusCode.OK, ct)).GetProperty("head").GetInt64();
        var recent = await Api.SendAsync(http, HttpMethod.Get, Invariant($"/api/events/history?after={Math.Max(0, head - 100)}&limit=1000"), auth, null,
            HttpStatusCode.OK, ct);
        var marker = recent.GetProperty("events").EnumerateArray().Last(e => e.GetProperty("type").GetString() == "item.unlocked").GetProperty("id").GetInt64();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (members.Any(m => m.Stream!.LastId < marker)) await Task.Delay(20, timeout.Token);
        return clock.Elapsed;
    }

    private static async Task<(long[] Deliveries, int Missing, int Duplicates)> CheckpointBurstAsync(HttpClient http, List<TeamMember> members,
        (string Hash, int Size)[] blobs, DeliveryLog log, CancellationToken ct)
    {
        var followers = members.Count - 1;
        var pushes = Enumerable.Range(0, SharedItems).Select(async k =>
        {
            await Task.Delay(CheckpointSpacing * k, ct);
            var author = members[k % members.Count];
            var body = new { file_hash = blobs[k].Hash, file_size = blobs[k].Size, context = "body_close", session_id = (string?)null, dag = (object?)null };
            var begun = Stopwatch.GetTimestamp();
            using var response = await Api.SendRawAsync(http, HttpMethod.Post, Invariant($"/api/items/TEAM-S{k + 1:00}/checkpoint"), author.Auth, body, ct);
            await Api.EnsureAsync(response, "POST …/checkpoint", HttpStatusCode.Created, ct);
            var id = (await Api.BodyAsync(response, ct)).GetProperty("checkpoint_id").GetString()!;
            var deliveries = await log.WaitAsync(id, followers, TimeSpan.FromSeconds(60), ct);
            return (Begun: begun, Deliveries: deliveries);
        }).ToList();
        var done = await Task.WhenAll(pushes);
        var latencies = done.SelectMany(d => d.Deliveries.Select(x => x.At - d.Begun)).ToArray();
        var missing = done.Sum(d => followers - d.Deliveries.Select(x => x.Stream).Distinct().Count());
        var duplicates = done.Sum(d => d.Deliveries.Length - d.Deliveries.Select(x => x.Stream).Distinct().Count());
        return (latencies, missing, duplicates);
    }

    private static async Task<long[]> RegisterAsync(HttpClient http, TeamMember member, CancellationToken ct)
    {
        var ticks = new long[Registrations];
        for (var i = 0; i < Registrations; i++)
        {
            var fingerprint = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var begun = Stopwatch.GetTimestamp();
            await Api.SendAsync(http, HttpMethod.Post, "/api/workstations", member.Auth, new { name = Invariant($"joiner-{i}"), fingerprint }, HttpStatusCode.Created, ct);
            ticks[i] = Stopwatch.GetTimestamp() - begun;
        }
        return ticks;
    }

    /// <summary>Stops the server, starts it again, and has every workstation resume its stream and read its diff.</summary>
    private static async Task<(double Seconds, int Errors)> RestartAsync(ServerProcess server, HttpClient requests, HttpClient streams,
        List<TeamMember> members, DeliveryLog log, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await server.StopAsync();
        await Task.WhenAll(members.Select(m => m.Stream!.Ended)).WaitAsync(TimeSpan.FromSeconds(30), ct);
        var stopped = clock.Elapsed;
        await server.RestartAsync(ct);
        var up = clock.Elapsed;
        var errors = 0;
        await Task.WhenAll(members.Select(m => Task.Run(async () =>
        {
            try
            {
                var last = m.Stream!.LastId;
                await m.Stream.DisposeAsync();
                m.Stream = await RawEventStream.ConnectAsync(streams, m.Auth, m.WorkstationId, last, m.Index, log, ct);
                string? cursor = null;
                do
                {
                    var path = $"/api/workstations/{m.WorkstationId}/sync-diff" + (cursor is null ? "" : "?cursor=" + Uri.EscapeDataString(cursor));
                    var page = await Api.SendAsync(requests, HttpMethod.Get, path, m.Auth, null, HttpStatusCode.OK, ct);
                    cursor = page.GetProperty("next_cursor").GetString();
                }
                while (cursor is not null);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
            {
                Interlocked.Increment(ref errors);
            }
        }, ct)));
        var total = clock.Elapsed;
        Console.WriteLine(Invariant($"  restart          stop {stopped.TotalSeconds:0.0} s, start {(up - stopped).TotalSeconds:0.0} s, then {members.Count:N0} streams resumed and diffs read in {(total - up).TotalSeconds:0.0} s: {total.TotalSeconds:0.0} s in all, {errors} errors"));
        return (total.TotalSeconds, errors);
    }

    private static Task ForEachAsync<T>(IEnumerable<T> source, int parallelism, Func<T, Task> body, CancellationToken ct) =>
        Parallel.ForEachAsync(source, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (x, _) => await body(x));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
