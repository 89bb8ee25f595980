using System.Reactive.Subjects;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Core.Activity;

/// <summary>
/// The Activity pane's rows, newest first and capped, and its header, built from the core's
/// signals and status. Every change goes out on <see cref="Changes"/> in the order it was made, so a
/// host that applies them one by one shows what <see cref="Rows"/> holds. Safe from any thread.
/// </summary>
/// <param name="presence">Who edits an item now, for the details of its presence row; null leaves them out.</param>
public sealed class ActivityFeed(TimeProvider clock, Func<string, IReadOnlyList<PresenceEntry>>? presence = null, int cap = ActivityFeed.DefaultCap) : IDisposable
{
    public const int DefaultCap = 200;

    private readonly Lock _gate = new();
    private readonly Subject<ActivityChange> _changes = new();
    private readonly List<ActivityRow> _rows = [];
    private SyncStatus? _status;
    private string _notice = "";
    private long _nextId = 1;

    /// <summary>Each change, raised on the thread that made it, while no other change is raised.</summary>
    public IObservable<ActivityChange> Changes => _changes;

    public IReadOnlyList<ActivityRow> Rows
    {
        get { lock (_gate) return [.. _rows]; }
    }

    public ActivityHeader Header
    {
        get { lock (_gate) return HeaderNow(); }
    }

    private TimeZoneInfo Zone => clock.LocalTimeZone;

    /// <summary>Applies one of the core's signals: a new row, or settled cards for the kinds that settle; answers the row added.</summary>
    public ActivityRow? Apply(SiloModSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var row = RowTexts.For(signal, Zone);
        if (row is { Kind: "presence_changed", PartNumber: { } partNumber } && presence is not null)
            row = row with { Details = PresenceDetails(partNumber) };
        lock (_gate)
        {
            if (row is null)
            {
                foreach (var card in _rows.ToArray())
                {
                    if (RowTexts.SettledOutcome(card, signal) is { } outcome) SettleLocked(card.Id, outcome);
                }

                return null;
            }

            if (signal is BulkSyncComplete bulk) row = FoldLocked(row, bulk);
            return AddLocked(row);
        }
    }

    /// <summary>The core's status, for the header.</summary>
    public void SetStatus(SyncStatus status)
    {
        lock (_gate)
        {
            _status = status;
            Raise(ActivityChangeKind.Header, null);
        }
    }

    public ActivityRow? Find(long rowId)
    {
        lock (_gate) return _rows.Find(r => r.Id == rowId);
    }

    /// <summary>The row's question was answered: it stays as a record, without buttons.</summary>
    public ActivityRow? Settle(long rowId, string outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate) return SettleLocked(rowId, outcome);
    }

    public ActivityRow? Dismiss(long rowId)
    {
        lock (_gate) return RemoveLocked(rowId);
    }

    /// <summary>Hides the row and says so: the server has no "deferred" answer yet (spec: future), so the requester is not told.</summary>
    public ActivityRow? Defer(long rowId)
    {
        lock (_gate)
        {
            var row = _rows.Find(r => r.Id == rowId);
            if (row is null) return null;
            _notice = $"Deferred '{row.Title}' — only hidden here; the requester is not notified.";
            return RemoveLocked(rowId);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rows.Clear();
            _notice = "";
            Raise(ActivityChangeKind.Cleared, null);
        }
    }

    public void Dispose()
    {
        _changes.OnCompleted();
        _changes.Dispose();
    }

    private IReadOnlyList<string> PresenceDetails(string partNumber)
    {
        try
        {
            return PresenceTexts.Details(presence!(partNumber), Zone);
        }
#pragma warning disable CA1031 // The row still shows that presence changed; the reason takes the place of the names.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return [$"Could not read presence: {Messages.ServerWords.Describe(e)}"];
        }
    }

    private ActivityRow AddLocked(ActivityRow row)
    {
        if (row.MergeKey is { } key)
        {
            foreach (var merged in _rows.Where(r => r.MergeKey == key).ToArray()) RemoveLocked(merged.Id);
        }

        row = row with { Id = _nextId++ };
        _rows.Insert(0, row);
        Raise(ActivityChangeKind.Added, row);
        while (_rows.Count > cap) RemoveLocked(_rows[^1].Id);
        return row;
    }

    /// <summary>One line for a sync that brought several files: the file rows just above fold into it.</summary>
    private ActivityRow FoldLocked(ActivityRow row, BulkSyncComplete bulk)
    {
        var folded = _rows.Take(bulk.Count).TakeWhile(r => r.Kind == "file_synced").Reverse().ToArray();
        if (folded.Length == 0) return row;
        foreach (var file in folded) RemoveLocked(file.Id);
        var numbers = folded.Select(r => r.PartNumber).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var shown = string.Join(", ", numbers.Take(3)) + (numbers.Length > 3 ? "…" : "");
        IEnumerable<string> details = folded.Select(r => r.Text);
        if (bulk.Target != "all") details = details.Prepend($"Subscription: {bulk.Target}");
        return row with { Title = $"Synced {Words.Plural(bulk.Count, "file")} ({shown})", Details = [.. details] };
    }

    private ActivityRow? SettleLocked(long rowId, string outcome)
    {
        var index = _rows.FindIndex(r => r.Id == rowId);
        if (index < 0) return null;
        _rows[index] = _rows[index].Settled(outcome);
        Raise(ActivityChangeKind.Settled, _rows[index]);
        return _rows[index];
    }

    private ActivityRow? RemoveLocked(long rowId)
    {
        var index = _rows.FindIndex(r => r.Id == rowId);
        if (index < 0) return null;
        var row = _rows[index];
        _rows.RemoveAt(index);
        Raise(ActivityChangeKind.Removed, row);
        return row;
    }

    private ActivityHeader HeaderNow() => new(StatusTexts.Header(_status, Zone), _notice);

    // Raised under the gate: observers see the changes one at a time and in order.
    private void Raise(ActivityChangeKind kind, ActivityRow? row) => _changes.OnNext(new ActivityChange(kind, row, HeaderNow()));
}
