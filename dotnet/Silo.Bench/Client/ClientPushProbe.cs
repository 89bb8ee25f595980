using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Silo.Client;
using Silo.Protocol.Checkpoints;
using Silo.Client.Http;
using Silo.Protocol.Lineage;

namespace Silo.Bench.Client;

/// <summary>
/// The child process of the memory measurement: a Silo client alone in its process (the server
/// stays in the parent, so its buffers do not count), pushing one large checkpoint. Prints one
/// line of key=value figures for the parent to read.
/// </summary>
internal static class ClientPushProbe
{
    public const string Verb = "client-push-probe";

    public sealed record Figures(
        long HeapBefore, long HeapPeak, long WorkingSetBefore, long PeakWorkingSetBefore, long PeakWorkingSetAfter, long Allocated, int Gen0, int Gen2, double Ms)
    {
        public string Format() => string.Join(' ', new[]
        {
            ("heap_before", HeapBefore), ("heap_peak", HeapPeak), ("ws_before", WorkingSetBefore), ("peak_ws_before", PeakWorkingSetBefore),
            ("peak_ws_after", PeakWorkingSetAfter), ("allocated", Allocated), ("gen0", Gen0), ("gen2", Gen2),
        }.Select(f => FormattableString.Invariant($"{f.Item1}={f.Item2}")).Append(FormattableString.Invariant($"ms={Ms:0.0}")));

        public static Figures Parse(string line)
        {
            var f = line.Trim().Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            long L(string key) => long.Parse(f[key], CultureInfo.InvariantCulture);
            return new Figures(L("heap_before"), L("heap_peak"), L("ws_before"), L("peak_ws_before"), L("peak_ws_after"), L("allocated"),
                (int)L("gen0"), (int)L("gen2"), double.Parse(f["ms"], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A push made on top of the item's head, as the workbench makes them (lineage checks the base).</summary>
    private static async Task<PushLineage> HeadAsync(ISiloClient client, string partNumber, CancellationToken ct) =>
        await client.ListVersionsAsync(partNumber, limit: 1, ct: ct) is [var head, ..] ? new PushLineage(new VersionRef(head.FileHash)) : PushLineage.None;

    /// <param name="args">base address, token, part number, a small file (warm-up), the large file.</param>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var (address, token, partNumber, small, large) = (new Uri(args[0]), args[1], args[2], args[3], args[4]);
        var services = new ServiceCollection();
        services.AddSiloClient(o =>
        {
            o.BaseAddress = address;
            o.Token = token;
            o.Timeout = TimeSpan.FromMinutes(10);
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ISiloClient>();

        // Code jitted, connection open, pools filled: what remains is what the large file costs.
        await client.PushCheckpointAsync(partNumber, small, CheckpointContexts.Manual, lineage: await HeadAsync(client, partNumber, ct), ct: ct);
        using var process = Process.GetCurrentProcess();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var peakWorkingSetBefore = process.PeakWorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));

        var heapPeak = heapBefore;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
            do
            {
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
            }
            while (await tick.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
        }, CancellationToken.None);

        var begun = Stopwatch.GetTimestamp();
        await client.PushCheckpointAsync(partNumber, large, CheckpointContexts.Manual, lineage: await HeadAsync(client, partNumber, ct), ct: ct);
        var elapsed = Stopwatch.GetElapsedTime(begun);
        await stop.CancelAsync();
        await sampler;

        process.Refresh();
        var figures = new Figures(heapBefore, heapPeak, workingSetBefore, peakWorkingSetBefore, process.PeakWorkingSet64,
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2, elapsed.TotalMilliseconds);
        Console.WriteLine(figures.Format());
        return 0;
    }
}
