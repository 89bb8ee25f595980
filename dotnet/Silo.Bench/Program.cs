// Silo.Bench: HTTP load benchmarks against the real Silo server, hosted in-process on loopback.
// Not a test suite; run it in Release on an otherwise idle machine:
//
//   dotnet run -c Release --project dotnet/Silo.Bench -- locks [--rounds 5] [--seconds 3]
//
// Scenarios, one folder each:
//   locks   lock acquire+release pairs/s against plain GET /health req/s, 32 concurrent
//           keep-alive clients, alternating rounds (Locks/LockThroughputBenchmark.cs).

using Silo.Bench.Harness;
using Silo.Bench.Locks;

namespace Silo.Bench;

internal static class Program
{
    private static readonly Dictionary<string, Func<BenchOptions, CancellationToken, Task>> Scenarios = new(StringComparer.OrdinalIgnoreCase)
    {
        ["locks"] = LockThroughputBenchmark.RunAsync,
    };

    public static async Task<int> Main(string[] args)
    {
        var usage = $"usage: Silo.Bench <{string.Join('|', Scenarios.Keys)}> [--rounds N] [--seconds S]";
        if (args.Length == 0 || !Scenarios.TryGetValue(args[0], out var scenario))
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
            await scenario(options, cancel.Token);
            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
    }
}
