using System.Globalization;
using Silo.Bench.Fanout;
using Silo.Bench.Harness;
using Silo.Bench.Hosting;
using Silo.Bench.Locks;
using Silo.Bench.Sessions;

namespace Silo.Bench.Engines;

/// <summary>
/// The locks, sessions and fanout scenarios, unchanged, on three set-ups in one run: SQLite in the
/// data directory, one instance over PostgreSQL, and three instances in this process (each its own
/// server on its own port) over one PostgreSQL database and one data directory. With three, each new
/// client goes to the next instance, so lock clients, the fan-out's 1,000 streams and its author are
/// spread over them; a checkpoint committed on one reaches streams on the others through NOTIFY.
/// Every scenario on PostgreSQL gets a fresh database, dropped after. One table at the end.
/// </summary>
internal static class EnginesBenchmark
{
    private const string Scenario = "engines";
    private const double FanoutP99GoalMs = 100;

    private sealed record SetUp(string Name, ServerStart Start);

    private sealed class Column(string name)
    {
        public string Name { get; } = name;
        public LockFigures? Locks { get; set; }
        public SessionFigures? Sessions { get; set; }
        public FanoutFigures? Fanout { get; set; }
    }

    public static async Task RunAsync(BenchOptions options, CancellationToken ct)
    {
        var load = MachineLoad.Start();
        await using var postgres = await PostgresCluster.OpenAsync(options.Postgres, ct);
        SetUp[] setUps =
        [
            new("SQLite", BenchServer.StartAsync),
            new("PostgreSQL ×1", OnPostgres(postgres, 1)),
            new("PostgreSQL ×3", OnPostgres(postgres, 3)),
        ];
        Console.WriteLine($"Silo.Bench engines: locks, sessions and fanout on {string.Join(", ", setUps.Select(s => s.Name))}; PostgreSQL {postgres.Description}");
        var columns = new List<Column>();
        foreach (var setUp in setUps)
        {
            var column = new Column(setUp.Name);
            columns.Add(column);
            column.Locks = await MeasureAsync(setUp, "locks", () => LockThroughputBenchmark.MeasureAsync(options, setUp.Start, ct), ct);
            column.Sessions = await MeasureAsync(setUp, "sessions", () => EditSessionAcquireBenchmark.MeasureAsync(options, setUp.Start, ct), ct);
            column.Fanout = await MeasureAsync(setUp, "fanout", () => CheckpointFanoutBenchmark.MeasureAsync(options, setUp.Start, ct), ct);
        }

        Console.WriteLine();
        Console.WriteLine("Engines, side by side (locks pairs/s: median of rounds, p99 over all rounds; sessions: medians of rounds; fanout: all rounds)");
        Console.WriteLine($"  {"figure",-34}" + string.Concat(columns.Select(c => $"{c.Name,16}")));
        Row("locks pairs/s", columns, c => c.Locks?.PairsPerSecond, "N1");
        Row("locks pair p99 ms", columns, c => c.Locks?.PairP99Ms, "0.00");
        Row("sessions acquire p50 ms", columns, c => c.Sessions?.AcquireP50Ms, "0.000");
        Row("sessions acquire p99 ms", columns, c => c.Sessions?.AcquireP99Ms, "0.000");
        Row("fanout commit→delivery p50 ms", columns, c => c.Fanout?.DeliveryP50Ms, "0.0");
        Row("fanout commit→delivery p99 ms", columns, c => c.Fanout?.DeliveryP99Ms, "0.0");
        Console.WriteLine($"  machine: {load.Describe()}");

        var threeInstances = columns[^1].Fanout;
        Goals.Check(Scenario, "fanout commit → SSE p99, PostgreSQL ×3", "≤ 100 ms",
            threeInstances is null ? "did not run" : Goals.Figure(threeInstances.DeliveryP99Ms, "ms"),
            threeInstances is not null && threeInstances.DeliveryP99Ms <= FanoutP99GoalMs);
    }

    private static ServerStart OnPostgres(PostgresCluster postgres, int instances) => async (ct, settings) =>
    {
        var database = await postgres.CreateDatabaseAsync(ct);
        return await BenchServer.StartInstancesAsync(instances, database.DisposeAsync, ct, ["--database", database.ConnectionString, .. settings]);
    };

    /// <summary>One scenario on one set-up; a failure leaves its cells empty rather than ending the run.</summary>
    private static async Task<T?> MeasureAsync<T>(SetUp setUp, string scenario, Func<Task<T>> measure, CancellationToken ct) where T : class
    {
        Console.WriteLine();
        Console.WriteLine($"== {scenario} on {setUp.Name}");
        using var _ = Goals.Within(setUp.Name);
        try
        {
            return await measure();
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Console.WriteLine($"  {scenario} on {setUp.Name} failed: {e.GetType().Name}: {e.Message}");
            Goals.Check(Scenario, $"{scenario} on {setUp.Name} ran to the end", "no error", e.GetType().Name, met: false);
            return null;
        }
    }

    private static void Row(string figure, List<Column> columns, Func<Column, double?> value, string format) =>
        Console.WriteLine($"  {figure,-34}" + string.Concat(columns.Select(c =>
            $"{(value(c) is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "failed"),16}")));
}
