// Silo.Bench: HTTP load benchmarks against the real Silo server, hosted in-process on loopback.
// Not a test suite; run it in Release on an otherwise idle machine:
//
//   dotnet run -c Release --project dotnet/Silo.Bench -- <scenario|all> [--rounds 5] [--seconds 3]
//
// Scenarios, one folder each; every one prints per-round figures and medians next to a baseline
// measured in the same run:
//   locks       lock acquire+release pairs/s against plain GET /health req/s, 32 concurrent
//               keep-alive clients, alternating rounds (Locks/LockThroughputBenchmark.cs).
//   sessions    edit-session acquire latency p50/p99 with 1,000 live sessions against GET /health
//               latency, interleaved on one connection (Sessions/EditSessionAcquireBenchmark.cs).
//   checkpoint  push of a 100 MB checkpoint (hash, upload URL, presigned PUT, commit) against
//               sha256sum + cp of the same file, alternating rounds (Checkpoints/CheckpointPushBenchmark.cs).
//   fanout      checkpoint commit to subscription.checkpoint delivery on 1,000 SSE streams against
//               the commit's own round trip (Fanout/CheckpointFanoutBenchmark.cs).
//   syncdiff    sync diff of a workstation following 10,000 items with 100 changes, read to the
//               last page, against GET /health, interleaved on one connection (SyncDiff/SyncDiffBenchmark.cs).
//   client      Silo.Client PushCheckpointAsync and DownloadFileAsync of a 100 MB file against sha256sum + cp,
//               alternating rounds, then the client's heap and working set during a 1 GB push,
//               measured in a child process (Client/ClientTransferBenchmark.cs).
//   team        N = 250, 1,000 and 2,000 workstations on one server process, each with its event stream,
//               2-5 subscriptions and a heartbeat every 5 s: heartbeat latency, edit-session churn asked
//               at 1,000/s, a burst of 20 checkpoints to every follower, registrations, and a restart
//               with every workstation resuming and reading its diff; the server's CPU and memory
//               (Team/TeamBenchmark.cs). --team-sizes 250,1000 runs other sizes (goals need all three).
//   workbench   the SiloMod workbench in the real FreeCAD GUI (0.20, or 1.1 with SILOMOD_FREECAD=1.1) under xvfb-run, against the server on loopback:
//               GUI-thread time of the adapter leaving the body of a 100 MB part (FreeCAD's save excluded),
//               entering a sketch, and first activation, against a bare facade call (Workbench/WorkbenchBenchmark.cs).
//               Needs freecad, xvfb-run and the Release bridge; takes minutes, so `all` leaves it out.
//   engines     locks, sessions and fanout on SQLite, on PostgreSQL with one instance and on PostgreSQL with three
//               instances in this process over one database (clients and the 1,000 streams dealt over them in turn),
//               then one table of their figures side by side (Engines/EnginesBenchmark.cs). Starts a throwaway cluster
//               through tests/postgres/cluster.sh (run from the repository) unless given --postgres <connection string>;
//               a fresh database per scenario. Runs three scenarios three times, so `all` leaves it out.
//   all         every scenario above but workbench and engines, one after another, each on a fresh server.

using Silo.Bench.Checkpoints;
using Silo.Bench.Client;
using Silo.Bench.Engines;
using Silo.Bench.Fanout;
using Silo.Bench.Harness;
using Silo.Bench.Locks;
using Silo.Bench.Sessions;
using Silo.Bench.SyncDiff;
using Silo.Bench.Team;
using Silo.Bench.Workbench;

namespace Silo.Bench;

internal static class Program
{
    private const string All = "all";

    private static readonly (string Name, Func<BenchOptions, CancellationToken, Task> Run)[] Scenarios =
    [
        ("locks", LockThroughputBenchmark.RunAsync),
        ("sessions", EditSessionAcquireBenchmark.RunAsync),
        ("checkpoint", CheckpointPushBenchmark.RunAsync),
        ("fanout", CheckpointFanoutBenchmark.RunAsync),
        ("syncdiff", SyncDiffBenchmark.RunAsync),
        ("client", ClientTransferBenchmark.RunAsync),
        ("team", TeamBenchmark.RunAsync),
    ];

    /// <summary>Run by name only: they take minutes (and workbench needs FreeCAD).</summary>
    private static readonly (string Name, Func<BenchOptions, CancellationToken, Task> Run)[] ByNameOnly =
    [
        ("workbench", WorkbenchBenchmark.RunAsync),
        ("engines", EnginesBenchmark.RunAsync),
    ];

    public static async Task<int> Main(string[] args)
    {
        // Not a scenario: the child process the client scenario measures memory in.
        if (args is [ClientPushProbe.Verb, .. var probe]) return await ClientPushProbe.RunAsync(probe, CancellationToken.None);
        var usage = $"usage: Silo.Bench <{string.Join('|', Scenarios.Concat(ByNameOnly).Select(s => s.Name))}|{All}> [--rounds N] [--seconds S] [--team-sizes N,N,...] [--postgres <connection string>]";
        var chosen = args.Length == 0 ? []
            : string.Equals(args[0], All, StringComparison.OrdinalIgnoreCase) ? Scenarios
            : Scenarios.Concat(ByNameOnly).Where(s => string.Equals(s.Name, args[0], StringComparison.OrdinalIgnoreCase)).ToArray();
        if (chosen.Length == 0)
        {
            Console.Error.WriteLine(usage);
            return 2;
        }
        if (!BenchOptions.TryParse(args[1..], out var options, out var error))
        {
            Console.Error.WriteLine(usage);
            Console.Error.WriteLine(error);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            var load = MachineLoad.Start();
            for (var i = 0; i < chosen.Length; i++)
            {
                if (i > 0) Console.WriteLine();
                try
                {
                    await chosen[i].Run(options, cancel.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
                {
                    // One broken scenario must not hide the others' figures.
                    Console.WriteLine($"  {chosen[i].Name} failed: {e.GetType().Name}: {e.Message}");
                    Goals.Check(chosen[i].Name, "scenario ran to the end", "no error", e.GetType().Name, met: false);
                }
            }
            Goals.PrintSummary();
            Console.WriteLine();
            Console.WriteLine($"Whole run: {load.Describe()}");
            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
    }
}
