using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Silo.Bench.Harness;
using Silo.Bench.Hosting;
using Silo.Client;
using Silo.Protocol.Checkpoints;
using Silo.Client.Http;
using Silo.Protocol.Lineage;

namespace Silo.Bench.Client;

/// <summary>
/// The client library's transfers, as the workbench calls them (<see cref="ISiloClient"/> built by
/// AddSiloClient), against the least any tool needs to do with the same bytes: hash them
/// (sha256sum) and write a copy (cp). push = PushCheckpointAsync of a 100 MB file (hash pass,
/// upload URL, streamed PUT hashed in the same pass, commit); download = DownloadFileAsync of that
/// checkpoint (streamed to a temp file, hashed, verified, renamed). Each round changes 32 bytes so
/// the bytes really move; the client and baseline alternate which goes first. Then the memory of a
/// 1 GB push, measured in a child process holding nothing but the client.
/// </summary>
internal static class ClientTransferBenchmark
{
    private const long FileBytes = 100_000_000;
    private const long LargeBytes = 1_000_000_000;
    private const long FlatBound = 64L * 1024 * 1024;
    private const string PartNumber = "BENCH-CLIENT";

    private sealed record Round(long Push, long Download, long Sha256Sum, long Copy)
    {
        public long Baseline => Sha256Sum + Copy;
    }

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        await using var server = await BenchServer.StartAsync(ct);
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "silo-bench-client-" + Guid.NewGuid().ToString("N"))).FullName;
        var source = Path.Combine(work, "part.FCStd");
        using var admin = server.CreateClient();
        var token = await server.CreateEditorAsync(admin, "workbench", ct);
        await server.CreateItemAsync(admin, PartNumber, ct);
        var services = new ServiceCollection();
        services.AddSiloClient(o =>
        {
            o.BaseAddress = server.BaseAddress;
            o.Token = token;
            // A 100 MB PUT on two busy cores can take a while; the default 30 s is for small requests.
            o.Timeout = TimeSpan.FromMinutes(5);
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ISiloClient>();
        try
        {
            await BenchFiles.WriteRandomAsync(source, FileBytes, ct);
            Console.WriteLine($"Silo.Bench client: Silo.Client PushCheckpointAsync / DownloadFileAsync of a {FileBytes / 1_000_000:N0} MB file against sha256sum + cp, server in-process at {server.BaseAddress}");
            Console.WriteLine($"  {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; " +
                $"{options.Rounds} rounds, client and baseline alternating which goes first, after one untimed round");
            Console.WriteLine("  push = PushCheckpointAsync (SHA-256 pass + upload-url + streamed PUT hashed in the same pass + commit);  download = DownloadFileAsync of it (stream, hash, verify, rename)");
            Console.WriteLine($"  baseline = `sha256sum file` then `cp file copy` as processes; files in {Path.GetTempPath()}; MB = 10^6 bytes");
            Console.WriteLine();

            await RunRoundAsync(client, source, work, clientFirst: true, ct);
            Console.WriteLine("  warm-up: 1 round, untimed");
            Console.WriteLine();
            Console.WriteLine("  round    push ms    MB/s   download ms    MB/s   base ms    MB/s   push÷base   download÷base");
            var rounds = new List<Round>();
            for (var i = 1; i <= options.Rounds; i++)
            {
                var r = await RunRoundAsync(client, source, work, clientFirst: i % 2 == 1, ct);
                rounds.Add(r);
                Console.WriteLine(Invariant($"  {i,5}   {Ms(r.Push),8:0.0}   {MBps(r.Push, FileBytes),5:0.0}   {Ms(r.Download),11:0.0}   {MBps(r.Download, FileBytes),5:0.0}   {Ms(r.Baseline),7:0.0}   {MBps(r.Baseline, FileBytes),5:0.0}   {(double)r.Push / r.Baseline,9:0.00}   {(double)r.Download / r.Baseline,13:0.00}"));
            }

            double Median(Func<Round, long> ticks) => Ms(Stats.Median(rounds.Select(r => (double)ticks(r))));
            var push = Median(r => r.Push);
            var download = Median(r => r.Download);
            var baseline = Median(r => r.Baseline);
            Console.WriteLine();
            Console.WriteLine(Invariant($"  median push             {push,8:0.0} ms   {PerSecond(push, FileBytes),6:0.0} MB/s"));
            Console.WriteLine(Invariant($"  median download         {download,8:0.0} ms   {PerSecond(download, FileBytes),6:0.0} MB/s"));
            Console.WriteLine(Invariant($"  median sha256sum + cp   {baseline,8:0.0} ms   {PerSecond(baseline, FileBytes),6:0.0} MB/s   (step medians: sha256sum {Median(r => r.Sha256Sum):0.0}, cp {Median(r => r.Copy):0.0} ms)"));
            Console.WriteLine(Invariant($"  ratio of medians        push÷base {push / baseline:0.00}   download÷base {download / baseline:0.00}"));
            Console.WriteLine(Invariant($"  median per-round ratio  push÷base {Stats.Median(rounds.Select(r => (double)r.Push / r.Baseline)):0.00}   download÷base {Stats.Median(rounds.Select(r => (double)r.Download / r.Baseline)):0.00}"));
            Console.WriteLine();

            File.Delete(source);
            await MeasureLargePushAsync(server, token, work, ct);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<Round> RunRoundAsync(ISiloClient client, string source, string work, bool clientFirst, CancellationToken ct)
    {
        await BenchFiles.ChangeAsync(source, ct);
        (long Push, long Download, string Hash) side;
        (long Sha256Sum, long Copy, string Output) baseline;
        if (clientFirst)
        {
            side = await ClientSideAsync(client, source, work, ct);
            baseline = await BaselineAsync(source, work, ct);
        }
        else
        {
            baseline = await BaselineAsync(source, work, ct);
            side = await ClientSideAsync(client, source, work, ct);
        }
        // Both sides must have handled the same bytes.
        if (!baseline.Output.StartsWith(side.Hash, StringComparison.Ordinal))
            throw new InvalidOperationException($"sha256sum says {baseline.Output.Trim()}, the download {side.Hash}.");
        return new Round(side.Push, side.Download, baseline.Sha256Sum, baseline.Copy);
    }

    private static async Task<(long Push, long Download, string Hash)> ClientSideAsync(ISiloClient client, string source, string work, CancellationToken ct)
    {
        var begun = Stopwatch.GetTimestamp();
        // The file is the previous round's with 32 bytes changed: derived from the head, as the server checks.
        var head = (await client.ListVersionsAsync(PartNumber, limit: 1, ct: ct)) is [var newest, ..] ? new PushLineage(new VersionRef(newest.FileHash)) : PushLineage.None;
        var pushed = await client.PushCheckpointAsync(PartNumber, source, CheckpointContexts.Manual, lineage: head, ct: ct);
        var push = Stopwatch.GetTimestamp() - begun;

        // Untimed: finding the URL is not the transfer.
        var latest = await client.GetLatestCheckpointAsync(PartNumber, ct);
        if (latest?.Id != pushed.CheckpointId || latest.DownloadUrl is null)
            throw new InvalidOperationException($"The latest checkpoint is {latest?.Id}, not the one just pushed ({pushed.CheckpointId}), or has no download URL.");
        var target = Path.Combine(work, "downloaded.FCStd");
        begun = Stopwatch.GetTimestamp();
        var hash = await client.DownloadFileAsync(latest.DownloadUrl, target, latest.FileHash, ct);
        var download = Stopwatch.GetTimestamp() - begun;
        if (new FileInfo(target).Length != FileBytes) throw new InvalidOperationException("The download is not the whole file.");
        File.Delete(target);
        return (push, download, hash);
    }

    private static async Task<(long Sha256Sum, long Copy, string Output)> BaselineAsync(string source, string work, CancellationToken ct)
    {
        var copy = Path.Combine(work, "copy.FCStd");
        var (hashTicks, output) = await TimedProcess.RunAsync("sha256sum", [source], ct);
        var (copyTicks, _) = await TimedProcess.RunAsync("cp", [source, copy], ct);
        if (new FileInfo(copy).Length != FileBytes) throw new InvalidOperationException("cp did not copy the whole file.");
        File.Delete(copy);
        return (hashTicks, copyTicks, output);
    }

    /// <summary>
    /// A 1 GB push from a child process with workstation GC (how a desktop app hosting the client
    /// runs); its heap and working set must stay flat, not grow with the file.
    /// </summary>
    private static async Task MeasureLargePushAsync(BenchServer server, string token, string work, CancellationToken ct)
    {
        var small = Path.Combine(work, "small.FCStd");
        var large = Path.Combine(work, "large.FCStd");
        await BenchFiles.WriteRandomAsync(small, 1_000_000, ct);
        await BenchFiles.WriteRandomAsync(large, LargeBytes, ct);
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start the probe with.");
        string[] probeArgs = [ClientPushProbe.Verb, server.BaseAddress.AbsoluteUri, token, PartNumber, small, large];
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") probeArgs = [typeof(ClientTransferBenchmark).Assembly.Location, .. probeArgs];
        var (ticks, output) = await TimedProcess.RunAsync(host, probeArgs, ct, new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" });
        var f = ClientPushProbe.Figures.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        File.Delete(large);

        var heapRise = f.HeapPeak - f.HeapBefore;
        var wsRise = f.PeakWorkingSetAfter - f.WorkingSetBefore;
        Console.WriteLine($"  memory of a {LargeBytes / 1_000_000:N0} MB push: PushCheckpointAsync in a child process holding only the client (workstation GC), after a 1 MB warm-up push");
        Console.WriteLine(Invariant($"    push {f.Ms,8:0.0} ms   {PerSecond(f.Ms, LargeBytes),6:0.0} MB/s   (child process total {Ms(ticks):0.0} ms)"));
        Console.WriteLine(Invariant($"    managed heap        before {MiB(f.HeapBefore),7:0.0} MiB   peak {MiB(f.HeapPeak),7:0.0} MiB   rise {MiB(heapRise),7:0.0} MiB   (GC.GetTotalMemory sampled every 5 ms)"));
        Console.WriteLine(Invariant($"    working set         before {MiB(f.WorkingSetBefore),7:0.0} MiB   peak {MiB(f.PeakWorkingSetAfter),7:0.0} MiB   rise {MiB(wsRise),7:0.0} MiB   (peak before the push {MiB(f.PeakWorkingSetBefore):0.0} MiB)"));
        Console.WriteLine(Invariant($"    allocated during the push {MiB(f.Allocated),7:0.0} MiB in total ({(double)f.Allocated / LargeBytes * 100:0.00}% of the file); collections gen0 {f.Gen0}, gen2 {f.Gen2}"));
        Console.WriteLine(Invariant($"    flat (heap peak and working-set rise both < {MiB(FlatBound):0} MiB): {(f.HeapPeak < FlatBound && wsRise < FlatBound ? "yes" : "NO")}"));
    }

    private static double Ms(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double MBps(long ticks, long bytes) => PerSecond(Ms(ticks), bytes);

    private static double PerSecond(double ms, long bytes) => BenchFiles.MBps(bytes, ms);

    private static double MiB(long bytes) => bytes / (1024.0 * 1024.0);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
