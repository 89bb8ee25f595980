using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Silo.Bench.Harness;
using Silo.Bench.Hosting;
using Silo.Client.Files;

namespace Silo.Bench.Checkpoints;

/// <summary>
/// Pushing a 100 MB checkpoint the way a client must, set against the least any tool needs to do
/// with the same bytes: hash them (sha256sum) and write a copy (cp). The push hashes the file,
/// asks for an upload URL, PUTs the file to the presigned URL (hashing it again in the same pass,
/// to check it did not change in between; the server hashes it once more while storing it) and
/// commits the checkpoint. Each round first changes 32 bytes of the file so its hash is new and
/// the bytes really move; the same file pushed once more right after takes the already-stored
/// path. Hashes go through Silo.Client's <see cref="FileHashCache"/>, as the client's own push
/// does: the upload's read of the file vouches for its hash, so the unchanged file pushed again is
/// recognised by its stamp (inode, size, times) without a read. Push and baseline alternate which goes first.
/// </summary>
internal static class CheckpointPushBenchmark
{
    private const long FileBytes = 100_000_000;
    private const string PartNumber = "BENCH-CKPT";
    private const double SkipGoalMs = 20;
    private const double PushGoalRatio = 1.2;

    private sealed record Client(HttpClient Http, AuthenticationHeaderValue Auth, FileHashCache Hashes)
    {
        /// <summary>The item's head: each push's file is derived from it (lineage checks it), null before the first.</summary>
        public string? Head { get; set; }
    }

    /// <summary>One push: the file's hash and each step's ticks.</summary>
    private sealed record Push(string Sha256, long Hash, long UploadUrl, long Put, long Commit)
    {
        public long Total => Hash + UploadUrl + Put + Commit;
    }

    /// <summary>The already-stored path: hash, upload URL (no URL: already stored), commit.</summary>
    private sealed record Skip(long Hash, long Server)
    {
        public long Total => Hash + Server;
    }

    private sealed record Baseline(long Sha256Sum, long Copy, string Output)
    {
        public long Total => Sha256Sum + Copy;
    }

    private sealed record Round(Push Push, Skip Skip, Baseline Baseline);

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var load = MachineLoad.Start();
        await using var server = await BenchServer.StartAsync(ct);
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "silo-bench-ckpt-" + Guid.NewGuid().ToString("N"))).FullName;
        var source = Path.Combine(work, "part.FCStd");
        var copy = Path.Combine(work, "copy.FCStd");
        using var admin = server.CreateClient();
        // A 100 MB PUT on two busy cores can take a while; the default 30 s is for small requests.
        var client = new Client(server.CreateClient(TimeSpan.FromMinutes(5)), Api.Bearer(await server.CreateEditorAsync(admin, "pusher", ct)), new FileHashCache());
        try
        {
            await server.CreateItemAsync(admin, PartNumber, ct);
            await BenchFiles.WriteRandomAsync(source, FileBytes, ct);

            Console.WriteLine($"Silo.Bench checkpoint: push of a {FileBytes / 1_000_000:N0} MB checkpoint file against sha256sum + cp, server in-process at {server.BaseAddress}");
            Console.WriteLine($"  {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; " +
                $"{options.Rounds} rounds, push and baseline alternating which goes first, after one untimed round of each");
            Console.WriteLine("  push = client SHA-256 pass + POST …/checkpoint/upload-url + PUT presigned URL (streamed, hashed in the same pass) + POST …/checkpoint (201)");
            Console.WriteLine("  upload = the PUT alone;  skip = the same file pushed again: its hash (from the cache when its stamp is unchanged) + upload-url (already_stored) + POST …/checkpoint");
            Console.WriteLine($"  baseline = `sha256sum file` then `cp file copy` as processes; files in {Path.GetTempPath()} like the server's data directory; MB = 10^6 bytes");
            Console.WriteLine();

            await RunRoundAsync(client, source, copy, pushFirst: true, ct);
            Console.WriteLine("  warm-up: 1 round of each side, untimed");
            Console.WriteLine();

            var rounds = new List<Round>();
            Console.WriteLine("  round    push ms    MB/s   upload ms    MB/s   base ms    MB/s   push÷base   upload÷base   skip ms");
            for (var i = 1; i <= options.Rounds; i++)
            {
                var r = await RunRoundAsync(client, source, copy, pushFirst: i % 2 == 1, ct);
                rounds.Add(r);
                Console.WriteLine(Invariant($"  {i,5}   {Ms(r.Push.Total),8:0.0}   {MBps(r.Push.Total),5:0.0}   {Ms(r.Push.Put),9:0.0}   {MBps(r.Push.Put),5:0.0}   {Ms(r.Baseline.Total),7:0.0}   {MBps(r.Baseline.Total),5:0.0}   {(double)r.Push.Total / r.Baseline.Total,9:0.00}   {(double)r.Push.Put / r.Baseline.Total,11:0.00}   {Ms(r.Skip.Total),7:0.0}"));
            }

            double Median(Func<Round, long> ticks) => Ms(Stats.Median(rounds.Select(r => (double)ticks(r))));
            var push = Median(r => r.Push.Total);
            var upload = Median(r => r.Push.Put);
            var baseline = Median(r => r.Baseline.Total);
            Console.WriteLine();
            Console.WriteLine(Invariant($"  median push             {push,8:0.0} ms   {PerSecond(push),6:0.0} MB/s   (step medians: hash {Median(r => r.Push.Hash):0.0}, upload-url {Median(r => r.Push.UploadUrl):0.0}, PUT {Median(r => r.Push.Put):0.0}, commit {Median(r => r.Push.Commit):0.0} ms)"));
            Console.WriteLine(Invariant($"  median upload alone     {upload,8:0.0} ms   {PerSecond(upload),6:0.0} MB/s   (the PUT, hashed client-side in the same pass)"));
            Console.WriteLine(Invariant($"  median sha256sum + cp   {baseline,8:0.0} ms   {PerSecond(baseline),6:0.0} MB/s   (step medians: sha256sum {Median(r => r.Baseline.Sha256Sum):0.0}, cp {Median(r => r.Baseline.Copy):0.0} ms)"));
            Console.WriteLine(Invariant($"  ratio of medians        push÷base {push / baseline:0.00}   upload÷base {upload / baseline:0.00}"));
            Console.WriteLine(Invariant($"  median per-round ratio  push÷base {Stats.Median(rounds.Select(r => (double)r.Push.Total / r.Baseline.Total)):0.00}   upload÷base {Stats.Median(rounds.Select(r => (double)r.Push.Put / r.Baseline.Total)):0.00}"));
            var skip = Median(r => r.Skip.Total);
            Console.WriteLine(Invariant($"  median skip (stored)    {skip,8:0.0} ms   (step medians: hash {Median(r => r.Skip.Hash):0.0}, upload-url + commit {Median(r => r.Skip.Server):0.0} ms; no bytes sent)"));
            Console.WriteLine($"  machine: {load.Describe()}");
            Goals.Check("checkpoint", "unchanged 100 MB re-push", "≤ 20 ms", Goals.Figure(skip, "ms"), skip <= SkipGoalMs);
            Goals.Check("checkpoint", "100 MB push ÷ sha256sum + cp", "≤ 1.2×", Goals.Figure(push / baseline, "×", "0.00"), push / baseline <= PushGoalRatio);
        }
        finally
        {
            client.Http.Dispose();
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<Round> RunRoundAsync(Client client, string source, string copy, bool pushFirst, CancellationToken ct)
    {
        await BenchFiles.ChangeAsync(source, ct);
        Push push;
        Baseline baseline;
        if (pushFirst)
        {
            push = await PushAsync(client, source, ct);
            baseline = await BaselineAsync(source, copy, ct);
        }
        else
        {
            baseline = await BaselineAsync(source, copy, ct);
            push = await PushAsync(client, source, ct);
        }
        // Both sides must have hashed the same bytes.
        if (!baseline.Output.StartsWith(push.Sha256, StringComparison.Ordinal))
            throw new InvalidOperationException($"sha256sum says {baseline.Output.Trim()}, the client {push.Sha256}.");
        return new Round(push, await SkipAsync(client, source, ct), baseline);
    }

    private static async Task<Push> PushAsync(Client client, string source, CancellationToken ct)
    {
        var begun = Stopwatch.GetTimestamp();
        var (hash, _) = await client.Hashes.HashAsync(source, ct);
        var hashed = Stopwatch.GetTimestamp();

        var grant = await Api.SendAsync(client.Http, HttpMethod.Post, $"/api/items/{PartNumber}/checkpoint/upload-url", client.Auth,
            new { sha256 = hash, size = FileBytes }, HttpStatusCode.OK, ct);
        if (grant.GetProperty("already_stored").GetBoolean()) throw new InvalidOperationException("A changed file was already stored: nothing would be uploaded.");
        var url = grant.GetProperty("upload_url").GetString()!;
        var granted = Stopwatch.GetTimestamp();

        var stamp = FileStamp.Of(source);
        var readStarted = DateTime.UtcNow.Ticks;
        using var content = new HashingFileContent(source);
        using (var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = content })
        using (var response = await client.Http.SendAsync(request, ct))
            await Api.EnsureAsync(response, "PUT upload_url", HttpStatusCode.Created, ct);
        var uploaded = Stopwatch.GetTimestamp();
        if (content.Sha256 != hash) throw new InvalidOperationException($"The file changed between hashing ({hash}) and uploading ({content.Sha256}).");
        client.Hashes.Record(source, stamp, hash, readStarted);

        await CommitAsync(client, hash, ct);
        var committed = Stopwatch.GetTimestamp();
        return new Push(hash, hashed - begun, granted - hashed, uploaded - granted, committed - uploaded);
    }

    private static async Task<Skip> SkipAsync(Client client, string source, CancellationToken ct)
    {
        var begun = Stopwatch.GetTimestamp();
        var (hash, _) = await client.Hashes.HashAsync(source, ct);
        var hashed = Stopwatch.GetTimestamp();
        var grant = await Api.SendAsync(client.Http, HttpMethod.Post, $"/api/items/{PartNumber}/checkpoint/upload-url", client.Auth,
            new { sha256 = hash, size = FileBytes }, HttpStatusCode.OK, ct);
        if (!grant.GetProperty("already_stored").GetBoolean()) throw new InvalidOperationException($"The file just pushed is not stored: {grant}");
        await CommitAsync(client, hash, ct);
        return new Skip(hashed - begun, Stopwatch.GetTimestamp() - hashed);
    }

    private static async Task CommitAsync(Client client, string hash, CancellationToken ct)
    {
        // Each round's file is the previous one with 32 bytes changed: derived from the head, as the server checks.
        var @base = client.Head is { } head ? new { file_hash = head } : null;
        var result = await Api.SendAsync(client.Http, HttpMethod.Post, $"/api/items/{PartNumber}/checkpoint", client.Auth,
            new { file_hash = hash, file_size = FileBytes, context = "manual", session_id = (string?)null, dag = (object?)null, @base }, HttpStatusCode.Created, ct);
        client.Head = hash;
        if (result.GetProperty("checkpoint_id").GetString() is null) throw new InvalidOperationException($"The commit answered no checkpoint_id: {result}");
    }

    private static async Task<Baseline> BaselineAsync(string source, string copy, CancellationToken ct)
    {
        var (hashTicks, output) = await TimedProcess.RunAsync("sha256sum", [source], ct);
        File.Delete(copy);
        var (copyTicks, _) = await TimedProcess.RunAsync("cp", [source, copy], ct);
        if (new FileInfo(copy).Length != FileBytes) throw new InvalidOperationException("cp did not copy the whole file.");
        File.Delete(copy);
        return new Baseline(hashTicks, copyTicks, output);
    }

    private static double Ms(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double MBps(long ticks) => PerSecond(Ms(ticks));

    private static double PerSecond(double ms) => BenchFiles.MBps(FileBytes, ms);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
