using System.Reactive.Linq;
using System.Reactive.Subjects;
using Silo.Client;
using Silo.Client.Errors;
using Silo.Client.Events;
using Silo.Client.Files;
using Silo.Client.Sync;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Events;
using SiloMod.Core.Items;
using SiloMod.Core.Lineage;
using SiloMod.Core.Persistence;
using SiloMod.Core.Presence;
using SiloMod.Core.Probes;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Messages;

namespace SiloMod.Core.Sync;

/// <summary>
/// The inbound half of the workbench's sync: follows the event stream, reads the sync diff, and
/// brings subscribed files onto disk — deferring open files, raising conflicts for locally changed
/// ones, acknowledging what it wrote — and keeps presence current.
/// </summary>
/// <remarks>
/// Signals: every written file gets a <see cref="FileSynced"/>; a sync that wrote more than one
/// file also gets one <see cref="BulkSyncComplete"/> after the last of them, which the Activity
/// pane shows instead of the per-file lines. With <see cref="SiloModSettings.SubscriptionNotify"/>
/// off neither is published for routine syncs (an Overwrite the user chose still is); deferrals,
/// conflicts and errors always are.
/// </remarks>
public sealed partial class SyncManager : IInboundSync, IAsyncDisposable
{
    /// <summary>The <see cref="IncomingFiles"/> journal's name in the state folder.</summary>
    public const string IncomingFileName = SyncRecords.IncomingFileName;

    private readonly ISiloClient _client;
    private readonly SyncManagerOptions _options;
    private readonly SyncStateStore _state;
    private readonly ISettingsSource _settings;
    private readonly SignalHub _signals;
    private readonly ICheckpointOutbox _outbox;
    private readonly Func<string?> _currentUser;
    private readonly TimeProvider _time;
    private readonly EventDispatcher _dispatcher;
    private readonly PresenceRebuilder _presenceRebuilder;
    private readonly DownloadScheduler _scheduler;
    private readonly SyncEngine _engine;
    private readonly OpenFileSet _open = new();
    private readonly OpenItemSet _openItems = new();
    private readonly IDisposable _refusals;
    private readonly CancellationTokenSource _stop = new();

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SyncWork> _deferred = new(PartNumberRule.Comparer);
    private readonly Dictionary<string, (SyncWork Work, string Reason)> _conflicts = new(PartNumberRule.Comparer);
    private readonly Dictionary<string, SyncWork> _stalled = new(PartNumberRule.Comparer);
    private readonly HashSet<string> _waiting = new(PartNumberRule.Comparer);
    // Items this workstation was refused on: watched, so it hears when the holder lets go.
    private readonly HashSet<string> _refusedItems = new(PartNumberRule.Comparer);
    // Items whose download failed on a full or read-only disk, until one of them is written.
    private readonly HashSet<string> _diskStalled = new(PartNumberRule.Comparer);
    private bool _diskRetryScheduled;
    private readonly HashSet<Task> _background = [];
    private ConnectionState _connection = ConnectionState.Offline;
    private DateTimeOffset? _lastSyncAt;
    private bool _diffRunning;
    private bool _diffAgain;
    private bool _started;
    private bool _disposed;

    private readonly Lock _statusGate = new();
    private readonly BehaviorSubject<SyncStatus> _status = new(SyncStatus.Initial);
    private SyncStatus _currentStatus = SyncStatus.Initial;

    /// <param name="held">The sessions this workstation holds (shared with the entry gate): handoff requests are shown only for them.</param>
    /// <param name="outbox">Only read, for the status' checkpoint count.</param>
    /// <param name="currentUser">The user the host reports; their own checkpoints are not downloaded and their sessions are flagged in presence.</param>
    /// <param name="lineage">Every file written is recorded there as derived from the version it now holds.</param>
    /// <param name="incoming">Where each download is expected before it replaces its file; null keeps it beside the sync state.</param>
    /// <param name="steps">Told after each step of a download (tests); null for none.</param>
    public SyncManager(
        ISiloClient client,
        SyncManagerOptions options,
        SyncStateStore state,
        FileLineage lineage,
        IEventSource events,
        ISettingsSource settings,
        SignalHub signals,
        PresenceMap presence,
        ActiveSessions held,
        ICheckpointOutbox outbox,
        Func<string?> currentUser,
        TimeProvider time,
        IncomingFiles? incoming = null,
        IStepProbe? steps = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options with { ProjectsDir = Path.GetFullPath(options.ProjectsDir) };
        _state = state ?? throw new ArgumentNullException(nameof(state));
        ArgumentNullException.ThrowIfNull(lineage);
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _signals = signals ?? throw new ArgumentNullException(nameof(signals));
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _currentUser = currentUser ?? throw new ArgumentNullException(nameof(currentUser));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Presence = presence ?? throw new ArgumentNullException(nameof(presence));
        _engine = new SyncEngine(client, options.WorkstationId,
            new SyncRecords(state, lineage, incoming ?? new IncomingFiles(Path.Combine(Path.GetDirectoryName(state.FilePath)!, IncomingFileName)), time),
            time, steps);
        _dispatcher = new EventDispatcher(events, presence, held, this, state, signals, currentUser);
        _presenceRebuilder = new PresenceRebuilder(client, options.WorkstationId, presence, currentUser,
            () => _openItems.All().Concat(RefusedItems()));
        _scheduler = new DownloadScheduler(settings, ProcessAsync, PublishStatus);
        _refusals = signals.All.OfType<HardInterferenceBlocked>().Subscribe(SessionRefused);
    }

    public PresenceMap Presence { get; }

    public SyncStatus Status
    {
        get
        {
            lock (_statusGate) return _currentStatus;
        }
    }

    /// <summary>The current status first, then each change.</summary>
    public IObservable<SyncStatus> StatusChanges => _status.AsObservable();

    /// <summary>Opens the event stream; each (re)connection reconciles (presence rebuild, and the diff when sync on connect is on).</summary>
    public Task StartAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started) throw new InvalidOperationException("The sync manager is already started.");
            _started = true;
        }
        _dispatcher.Start();
        return Task.CompletedTask;
    }

    /// <summary>The host's whole set of open files; a deferred download whose file left the set starts now.</summary>
    public void ReportOpenFiles(IReadOnlyCollection<string> paths)
    {
        _open.Replace(paths);
        List<SyncWork> released;
        lock (_gate)
        {
            released = [.. _deferred.Values.Where(w => !_open.IsOpen(w.Path))];
            foreach (var work in released) _deferred.Remove(work.PartNumber);
        }
        foreach (var work in released) Enqueue(work with { Batch = null });
        PublishStatus();
    }

    /// <summary>
    /// The part numbers of the tracked documents open in the host (the whole set each time). An item
    /// not seen before is reported to the server, so its sessions reach this workstation's stream,
    /// and its presence is read now, so sessions begun before it was opened show as they do on the server.
    /// </summary>
    public void ReportOpenItems(IReadOnlyCollection<string> partNumbers)
    {
        if (_openItems.Replace(partNumbers) && IsConnected()) RunInBackground(RebuildPresenceAsync);
    }

    /// <summary>
    /// Entering was refused: the holder's session shows in presence, and the item is reported
    /// watched, so the stream tells when the session ends. A session that ended before the report
    /// took effect is missing from the rebuild that follows, which tells that it ended instead.
    /// </summary>
    private void SessionRefused(HardInterferenceBlocked refusal)
    {
        if (refusal.HolderSessionId is not { } sessionId) return; // a check-out lock: no session to wait for
        lock (_gate) _refusedItems.Add(refusal.PartNumber);
        if (!IsConnected()) return;
        var holder = new RemoteSession(sessionId, refusal.PartNumber, refusal.HolderUser, refusal.HolderWorkstation, refusal.HolderLevel ?? "",
            refusal.ObjectId, refusal.Since, RemoteSession.IsOwn(refusal.HolderUser, _currentUser()));
        // In the background: the refusal is being published, and presence publishes too.
        RunInBackground(async ct =>
        {
            Presence.Upsert(holder);
            await RebuildPresenceAsync(ct).ConfigureAwait(false);
        });
    }

    private IReadOnlyList<string> RefusedItems()
    {
        lock (_gate) return [.. _refusedItems];
    }

    private bool IsConnected()
    {
        lock (_gate) return _connection == ConnectionState.Connected;
    }

    private async Task RebuildPresenceAsync(CancellationToken ct)
    {
        try
        {
            await _presenceRebuilder.RebuildAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            ReportFailure(null, "Rebuilding presence failed", e);
        }
    }

    /// <summary>Reads the sync diff (after telling the server what is held) and applies it, whatever auto sync says.</summary>
    /// <returns>The status once every file of the diff is synced, deferred, in conflict or failed.</returns>
    public async Task<SyncStatus> SyncNowAsync(CancellationToken ct = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        var batch = await SyncOnceAsync(apply: true, report: true, linked.Token).ConfigureAwait(false);
        if (batch is not null) await batch.Completion.WaitAsync(linked.Token).ConfigureAwait(false);
        return Status;
    }

    /// <summary>Answers a <see cref="FileConflict"/>: Overwrite downloads now (and returns when done); Skip keeps the local file and remembers this server version.</summary>
    /// <exception cref="InvalidOperationException">No conflict is waiting for the item.</exception>
    public async Task ResolveConflictAsync(string partNumber, ConflictChoice choice, CancellationToken ct = default)
    {
        SyncWork work;
        lock (_gate)
        {
            if (!_conflicts.Remove(partNumber, out var waiting))
                throw new InvalidOperationException($"No conflict is waiting for {partNumber}.");
            work = waiting.Work;
        }
        if (choice == ConflictChoice.Skip)
        {
            _state.Skip(partNumber, work.Entry.FileHash ?? "");
            PublishStatus();
            return;
        }
        var batch = new SyncBatch(partNumber);
        batch.Add();
        Enqueue(work with { Batch = batch, Overwrite = true });
        batch.Seal();
        await batch.Completion.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Compares the sync state with the disk; the next sync downloads what is missing.</summary>
    public Task<SyncAuditReport> AuditAsync(CancellationToken ct = default) => SyncAudit.RunAsync(_state, _options.ProjectsDir, ct);

    /// <summary>Recomputes the status; the outbound side calls it when its outbox count changes.</summary>
    public void RefreshStatus() => PublishStatus();

    /// <summary>The items waiting for the user to choose Overwrite or Skip.</summary>
    public IReadOnlyList<FileConflict> Conflicts()
    {
        lock (_gate) return [.. _conflicts.Values.Select(c => new FileConflict(c.Work.PartNumber, c.Work.Path, c.Reason))];
    }

    /// <summary>
    /// This workstation pushed a checkpoint from the item's synced file: the file now holds that
    /// version, so a later version from someone else builds on it and may replace it, and the
    /// server learns the workstation holds it.
    /// </summary>
    public void OwnPushAccepted(CheckpointPushed pushed)
    {
        ArgumentNullException.ThrowIfNull(pushed);
        if (pushed.SourcePath is not { } source || _state.Get(pushed.PartNumber) is not { } tracked
            || !string.Equals(Path.GetFullPath(source), tracked.Path, StringComparison.Ordinal)) return;
        var held = tracked with
        {
            FileHash = pushed.FileHash, Revision = null, CheckpointId = pushed.CheckpointId, IsCheckpoint = true, Version = pushed.Version,
            SyncedAt = _time.GetUtcNow(),
        };
        try
        {
            _state.Record(held);
        }
        catch (Exception e) when (StorageFailures.IsLocal(e))
        {
            // The push itself stands. The record lags the file, and the next sync tells the bytes
            // are this version by asking the server (see SyncEngine.CheckAsync), so no conflict comes of it.
            _signals.Publish(new SyncError(pushed.PartNumber,
                $"Your checkpoint of {pushed.PartNumber} is on the server, but the sync state could not note it: {StorageFailures.Describe(e, Path.GetDirectoryName(_state.FilePath)!)}."));
            return;
        }
        RunInBackground(ct => _engine.AckAsync(held, ct));
    }

    // IInboundSync: the dispatcher's calls, on the stream's thread; each only starts background work.

    void IInboundSync.CheckpointAnnounced(SubscriptionCheckpoint checkpoint) => RequestDiff(checkpoint.PartNumber);

    void IInboundSync.RevisionAnnounced(SubscriptionRevision revision) => RequestDiff(revision.PartNumber);

    void IInboundSync.DiffRequested(string reason) => RequestDiff(null);

    void IInboundSync.SubscriptionsChanged(string reason)
    {
        RequestDiff(null);
        if (IsConnected()) RunInBackground(RebuildPresenceAsync);
    }

    void IInboundSync.ConnectionChanged(ConnectionState state)
    {
        lock (_gate)
        {
            if (_disposed) return;
            _connection = state;
        }
        PublishStatus();
        if (state == ConnectionState.Connected) RunInBackground(ReconcileAsync);
    }

    void IInboundSync.StreamFailed(Exception failure)
    {
        lock (_gate) _connection = ConnectionState.Offline;
        _signals.Publish(new SyncError(null, $"The event stream stopped: {ServerWords.Describe(failure)}"));
        PublishStatus();
    }

    public async ValueTask DisposeAsync()
    {
        Task[] background;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _refusals.Dispose();
        _dispatcher.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var left in await _scheduler.StopAsync().ConfigureAwait(false)) left.Batch?.Cancel();
        lock (_gate) background = [.. _background];
        await Task.WhenAll(background).ConfigureAwait(false);
        _presenceRebuilder.Dispose();
        lock (_statusGate)
        {
            _status.OnCompleted();
            _status.Dispose();
        }
        _stop.Dispose();
    }
}
