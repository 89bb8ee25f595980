using SiloMod.Core.Activity;
using SiloMod.Core.Host;
using SiloMod.Core.Sync;

namespace SiloMod.Bridge;

/// <summary>
/// The Activity pane's model: rows worded in the workstation's time zone from the core's signals,
/// for the host to lay out. One feed serves the facade's whole life, so rows outlive a stop and a
/// new start of the core, as the pane does.
/// </summary>
public sealed partial class WorkbenchFacade
{
    private readonly TimeProvider _clock;
    private readonly ActivityFeed _activity;
    private readonly HostStream<ActivityChange> _activityChanges = new();
    private readonly List<IDisposable> _activityWiring = [];

    /// <summary>Each change of <see cref="ActivityRows"/> and of the header, in order, from the core's threads.</summary>
    public IObservable<ActivityChange> ActivityChanges => _activityChanges;

    /// <summary>The rows now, newest first: what a pane shows before it applies <see cref="ActivityChanges"/>.</summary>
    public IReadOnlyList<ActivityRow> ActivityRows => _activity.Rows;

    public ActivityHeader ActivityHeader => _activity.Header;

    /// <summary>
    /// Performs a row's button (Request Handoff, Release Now, Overwrite, …, Defer, Dismiss); the row
    /// then keeps the outcome or goes. Open and View in Silo are the host's.
    /// </summary>
    public void PerformActivity(long rowId, ActivityActionKind kind)
    {
        try
        {
            Wait(ActivityCommands.PerformAsync(_activity, rowId, kind, () => Core, _shutdown.Token));
        }
        catch (ArgumentException e)
        {
            throw new BridgeException(BridgeException.Types.InvalidArguments, e.Message);
        }
    }

    /// <summary>Removes every row, unanswered requests included.</summary>
    public void ClearActivity() => _activity.Clear();

    /// <summary>A moment as hours and minutes in the workstation's time zone; "?" for none.</summary>
    public string ClockText(DateTimeOffset? at) => SiloMod.Core.Activity.ClockText.Of(at, _clock.LocalTimeZone);

    /// <summary>The Sync Status dialog's words for a status: its connection and its last sync.</summary>
    public string ConnectionText(SyncStatus? status) => StatusTexts.Connection(status?.Connection);

    public string LastSyncText(SyncStatus status) => StatusTexts.LastSync(status, _clock.LocalTimeZone);

    /// <summary>What "Who Is Editing?" shows for an item and its <see cref="Presence"/>.</summary>
    public string PresenceText(string? partNumber, IReadOnlyList<PresenceEntry> entries) => PresenceTexts.Text(partNumber, entries, _clock.LocalTimeZone);

    /// <summary>The Subscribe dialog's list for a search: items with who is in them, or their projects or categories.</summary>
    public IReadOnlyList<SearchRow> SearchRows(string kind, IReadOnlyList<ItemSummary> items, IReadOnlyList<PresenceEntry> presence)
    {
        try
        {
            return SearchRow.For(kind, items, presence);
        }
        catch (ArgumentException e)
        {
            throw new BridgeException(BridgeException.Types.InvalidArguments, e.Message);
        }
    }

    private void WireActivity()
    {
        _activityWiring.Add(_activity.Changes.Subscribe(_activityChanges.Publish));
        _activityWiring.Add(_signals.Subscribe(signal => _activity.Apply(signal)));
        _activityWiring.Add(_status.Subscribe(_activity.SetStatus));
    }

    // Refused pushes outlive restarts: their cards come back until the user settles them.
    private void RestoreActivity(IHostProtocol core)
    {
        foreach (var conflict in core.PushConflicts()) _activity.Apply(conflict);
    }

    private IReadOnlyList<PresenceEntry> PresenceForActivity(string partNumber) => Core.Presence(partNumber);

    private void DisposeActivity()
    {
        foreach (var wiring in _activityWiring) wiring.Dispose();
        _activity.Dispose();
        _activityChanges.Dispose();
    }
}
