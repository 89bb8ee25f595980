using System.Globalization;

namespace Silo.Bench.Harness;

/// <summary>
/// The issue's targets, checked where each scenario measures them and listed once more at the end
/// of a run, so a reader sees at a glance which were met.
/// </summary>
internal static class Goals
{
    public sealed record Outcome(string Scenario, string Name, string Target, string Measured, bool Met);

    private static readonly Lock Gate = new();
    private static readonly List<Outcome> Recorded = [];
    private static readonly AsyncLocal<string?> CurrentSetUp = new();

    /// <summary>
    /// Goals checked until the result is disposed are listed under the scenario and this set-up,
    /// so a scenario run on several set-ups (engines) keeps its lines apart in the summary.
    /// </summary>
    public static IDisposable Within(string setUp)
    {
        var outer = CurrentSetUp.Value;
        CurrentSetUp.Value = setUp;
        return new Restore(outer);
    }

    private sealed class Restore(string? outer) : IDisposable
    {
        public void Dispose() => CurrentSetUp.Value = outer;
    }

    /// <summary>Prints one goal line under the scenario's figures and keeps it for the summary.</summary>
    public static void Check(string scenario, string name, string target, string measured, bool met)
    {
        if (CurrentSetUp.Value is { } setUp) scenario = $"{scenario} ({setUp})";
        lock (Gate) Recorded.Add(new Outcome(scenario, name, target, measured, met));
        Console.WriteLine($"  goal  {name,-44} {measured,-28} target {target,-22} {(met ? "met" : "NOT MET")}");
    }

    /// <summary>The figure as the goal lines show it.</summary>
    public static string Figure(double value, string unit, string format = "0.0") =>
        value.ToString(format, CultureInfo.InvariantCulture) + (unit.Length > 0 ? " " + unit : "");

    public static void PrintSummary()
    {
        List<Outcome> all;
        lock (Gate) all = [.. Recorded];
        if (all.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine($"Goals: {all.Count(o => o.Met)} of {all.Count} met");
        var width = Math.Max(10, all.Max(o => o.Scenario.Length));
        foreach (var o in all)
            Console.WriteLine($"  {(o.Met ? "met    " : "NOT MET")}  {o.Scenario.PadRight(width)} {o.Name,-44} {o.Measured,-28} target {o.Target}");
    }
}
