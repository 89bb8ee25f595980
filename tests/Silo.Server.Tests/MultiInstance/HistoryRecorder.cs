using System.Collections.Concurrent;

namespace Silo.Server.Tests.MultiInstance;

/// <summary>Collects the history of every client's requests, from any thread.</summary>
public sealed class HistoryRecorder
{
    private readonly ConcurrentQueue<HistoryEntry> _entries = new();

    public void Record(HistoryEntry entry) => _entries.Enqueue(entry);

    /// <summary>Every entry so far, in the order of their invocation.</summary>
    public IReadOnlyList<HistoryEntry> Entries => _entries.OrderBy(e => e.Invoked).ToList();

    public int Count => _entries.Count;

    /// <summary>Counts of the entries <paramref name="which"/> picks, by kind and status, for an assertion's message.</summary>
    public string Describe(Func<HistoryEntry, bool> which) => string.Join(", ", _entries.Where(which).GroupBy(e => (e.Kind, e.Status))
        .Select(g => $"{g.Key.Kind} {(g.Key.Status == 0 ? "no answer" : g.Key.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {g.Count()}"));

    /// <summary>Counts by kind and outcome, for the test's output.</summary>
    public string Totals()
    {
        var lines = _entries.GroupBy(e => e.Kind).OrderBy(g => g.Key)
            .Select(g => $"  {g.Key,-15} {g.Count(),6}  " + string.Join("  ",
                g.GroupBy(e => (e.Outcome, e.Status)).OrderBy(o => o.Key.Status).Select(o => $"{o.Key.Outcome} {o.Key.Status}: {o.Count()}")));
        return string.Join(Environment.NewLine, lines);
    }
}
