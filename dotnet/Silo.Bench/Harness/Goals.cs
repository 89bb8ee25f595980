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

    /// <summary>Prints one goal line under the scenario's figures and keeps it for the summary.</summary>
    public static void Check(string scenario, string name, string target, string measured, bool met)
    {
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
        foreach (var o in all)
            Console.WriteLine($"  {(o.Met ? "met    " : "NOT MET")}  {o.Scenario,-10} {o.Name,-44} {o.Measured,-28} target {o.Target}");
    }
}
