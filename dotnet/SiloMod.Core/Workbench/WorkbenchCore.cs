using System.Reactive.Disposables;
using System.Reactive.Linq;
using Silo.Client;
using Silo.Client.Events;
using Silo.Client.Files;
using Silo.Client.Http;
using Silo.Client.Items;
using Silo.Protocol.Subscriptions;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Events;
using SiloMod.Core.Host;
using SiloMod.Core.Items;
using SiloMod.Core.Lineage;
using SiloMod.Core.Persistence;
using SiloMod.Core.Presence;
using SiloMod.Core.Probes;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;
using SiloMod.Core.Workstations;

namespace SiloMod.Core.Workbench;

/// <summary>
/// The whole core for one user on one workstation: the entry/exit gate, the checkpoint outbox,
/// the heartbeat and the inbound sync, sharing one set of held sessions and one signal hub.
/// This is what a host talks to.
/// </summary>
public sealed class WorkbenchCore : IHostProtocol, IAsyncDisposable
{
    private const int SearchLimit = 200;

    private readonly ISiloClient _client;
    private readonly SettingsHolder _settings;
    private readonly SignalHub _signals;
    private readonly CheckpointOutbox _outbox;
    private readonly CheckpointHandovers _handovers;
    private readonly ContextSyncHook _hook;
    private readonly HeartbeatService _heartbeat;
    private readonly SyncManager _sync;
    private readonly DocumentUpdater _updater;
    private readonly ActiveSessions _sessions;
    private readonly SiloEventSource _events;
    private readonly ItemTracking _tracking;
    private readonly CompositeDisposable _wiring = [];
    private readonly IDisposable? _owned;
    private readonly StateFolderLock? _folderLock;
    private readonly FileLineage _lineage;
    private readonly SyncStateStore _state;
    private readonly IncomingFiles _incoming;
    private int _disposed;

    /// <param name="folderLock">Held while the core runs; null when another core holds it, and then no leftovers are swept.</param>
    private WorkbenchCore(ISiloClient client, WorkbenchOptions options, WorkbenchIdentity identity, IDisposable? owned, StateFolderLock? folderLock)
    {
        _client = client;
        _owned = owned;
        _folderLock = folderLock;
        Identity = identity;
        _settings = new SettingsHolder(options.Settings);
        _signals = new SignalHub();
        _sessions = new ActiveSessions();
        _lineage = new FileLineage(Path.Combine(options.StateDirectory, SyncRecords.LineageFileName), options.Time);
        // Before any part reads its folder: what a killed run left half-written goes first.
        if (folderLock is not null) SweepLeftovers(options);
        var steps = options.Steps ?? NoStepProbe.Instance;
        // One cache of document hashes: what the outbox copied, an unchanged exit need not read again.
        var hashes = new FileHashCache();
        _outbox = new CheckpointOutbox(options.StateDirectory, client, _signals, _lineage, options.Time,
            new CheckpointOutboxOptions { UserName = identity.User, Hashes = hashes }, steps);
        var hookOptions = new ContextSyncHookOptions { WorkstationId = identity.WorkstationId, UserName = identity.User };
        _hook = new ContextSyncHook(client, _settings, _sessions, _lineage, _signals, hookOptions, options.Time);
        var releaser = new SessionReleaser(client, _signals, options.Time, () => hookOptions.ReleaseBudget);
        _handovers = new CheckpointHandovers(_outbox, new UnchangedExits(_lineage, _outbox, hashes, releaser), _signals, options.Time);
        _state = SyncStateStore.Open(Path.Combine(options.StateDirectory, SyncRecords.StateFileName));
        _incoming = new IncomingFiles(Path.Combine(options.StateDirectory, SyncRecords.IncomingFileName));
        _updater = new DocumentUpdater(client, _lineage, _signals, identity.User, options.Time, _incoming);
        _heartbeat = new HeartbeatService(client, identity.WorkstationId, _signals, options.Time, options.HeartbeatInterval);
        var events = new SiloEventSource(client, identity.WorkstationId, _state.LastEventId, options.ReconnectDelay);
        _sync = new SyncManager(
            client, new SyncManagerOptions(identity.WorkstationId, options.ProjectsDirectory), _state, _lineage, events, _settings, _signals,
            new PresenceMap(_signals), _sessions, _outbox, () => identity.User, options.Time, _incoming, steps);

        _events = events;
        _tracking = new ItemTracking(client, options.ServerUrl);
    }

    /// <summary>
    /// Removes the temp files of writes a killed run never finished (downloads in the projects
    /// folder and beside documents this workstation wrote, state files), and tells the user when
    /// they took noticeable space.
    /// </summary>
    private void SweepLeftovers(WorkbenchOptions options)
    {
        var outbox = Path.Combine(options.StateDirectory, "outbox");
        string[] stateFolders = [options.StateDirectory, outbox, Path.Combine(outbox, "conflicts"), Path.Combine(outbox, "failed")];
        var removed = LeftoverFiles.SweepSyncFolders(stateFolders, options.ProjectsDirectory, _lineage.Files());
        if (removed.Bytes >= options.LeftoversNoticeBytes) _signals.PublishNotice(LeftoversNotice.Describe(removed));
    }

    /// <summary>Joins the parts once the event stream is open, so no event reaches these before the sync manager.</summary>
    private void Wire()
    {
        _wiring.Add(_outbox.PendingCounts.Subscribe(_ => _sync.RefreshStatus()));
        _wiring.Add(_signals.CheckpointPushed.Subscribe(_sync.OwnPushAccepted));
        // Checkpoints made while the server was away go out as soon as it is back, not at the next retry.
        _wiring.Add(_events.States.Where(s => s == ConnectionState.Connected).Subscribe(_ => _outbox.Nudge()));
        // An admin ended one of our sessions: it is no longer ours to release or hand off.
        _wiring.Add(_events.Events
            .Where(e => e.Payload is EditForceReleased)
            .Subscribe(e => _sessions.RemoveBySessionId(((EditForceReleased)e.Payload!).SessionId)));
    }

    public WorkbenchIdentity Identity { get; }

    /// <summary>Connects with a token, resolves the user and workstation, and starts every background part.</summary>
    public static async Task<WorkbenchCore> StartAsync(WorkbenchOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = StandaloneSiloClient.Create(o =>
        {
            o.BaseAddress = options.ServerUrl;
            o.Token = options.Token;
            // Checkpoints of large parts upload in one request; the library's default would cut them off.
            o.Timeout = TimeSpan.FromMinutes(30);
            options.ConfigureClient?.Invoke(o);
        });
        try
        {
            return await StartAsync(client.Client, options, client, ct).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <param name="owned">Disposed with the core (the client's service provider).</param>
    public static async Task<WorkbenchCore> StartAsync(ISiloClient client, WorkbenchOptions options, IDisposable? owned = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.StateDirectory);
        Directory.CreateDirectory(options.ProjectsDirectory);
        var folderLock = StateFolderLock.TryAcquire(options.StateDirectory);
        WorkbenchCore core;
        try
        {
            var identity = await WorkbenchIdentity.ResolveAsync(client, options.ServerUrl, options.StateDirectory, ct).ConfigureAwait(false);
            core = new WorkbenchCore(client, options, identity, owned, folderLock);
        }
        catch
        {
            folderLock?.Dispose();
            throw;
        }
        try
        {
            // Files a killed run replaced but never recorded get their records before anything compares them.
            await core._incoming.RecoverAsync(core._lineage, core._state, ct).ConfigureAwait(false);
            await core._outbox.StartAsync(ct).ConfigureAwait(false);
            await core._heartbeat.StartAsync(ct).ConfigureAwait(false);
            await core._sync.StartAsync(ct).ConfigureAwait(false);
            core.Wire();
            return core;
        }
        catch
        {
            await core.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public IObservable<SiloModSignal> Signals => _signals.All;

    /// <summary>The typed signal streams (Activity pane, dialogs).</summary>
    public SignalHub SignalHub => _signals;

    public IObservable<SyncStatus> StatusChanges => _sync.StatusChanges;

    public SyncStatus Status => _sync.Status;

    public SiloModSettings Settings => _settings.Current;

    public void UpdateSettings(SiloModSettings settings) => _settings.Update(settings);

    /// <summary>Sessions this workstation holds now.</summary>
    public IReadOnlyList<ActiveSession> HeldSessions => _sessions.All();

    public Task<ContextDecision> ContextChangedAsync(ContextChange change, CancellationToken ct = default) => _hook.OnContextChangedAsync(change, ct);

    public Task SubmitCheckpointAsync(CheckpointSubmission submission, CancellationToken ct = default) => _handovers.SubmitAsync(submission, ct);

    public void HandOverCheckpoint(CheckpointSubmission submission) => _handovers.HandOver(submission);

    public void ReportOpenFiles(IReadOnlyCollection<string> paths) => _sync.ReportOpenFiles(paths);

    public void ReportOpenItems(IReadOnlyCollection<string> partNumbers) => _sync.ReportOpenItems(partNumbers);

    public Task<TrackCheck> CheckTrackAsync(string partNumber, DocumentFacts document, CancellationToken ct = default) =>
        _tracking.CheckAsync(partNumber, document, ct);

    public Task<ItemSummary> CreateItemAsync(ItemProposal proposal, CancellationToken ct = default) => _tracking.CreateAsync(proposal, ct);

    public Task RequestHandoffAsync(string partNumber, string sessionId, string? message = null, CancellationToken ct = default) =>
        _hook.RequestHandoffAsync(partNumber, sessionId, message, ct);

    public Task ReleaseNowAsync(string sessionId, CancellationToken ct = default) => _hook.ReleaseNowAsync(sessionId, ct);

    public Task EditAnywayAsync(string partNumber, CancellationToken ct = default)
    {
        _hook.EditAnyway(partNumber);
        return Task.CompletedTask;
    }

    public Task<DocumentReplaced> UpdateDocumentAsync(string partNumber, string filePath, CancellationToken ct = default) =>
        _updater.UpdateAsync(partNumber, filePath, preserved: null, ct);

    public Task<string> ResolvePushConflictAsync(string partNumber, PushConflictChoice choice, string? conflictId = null, CancellationToken ct = default) =>
        _outbox.ResolveConflictAsync(partNumber, choice, _updater, conflictId, ct);

    public IReadOnlyList<PushConflict> PushConflicts() => _outbox.Conflicts();

    public Task<SyncStatus> SyncNowAsync(CancellationToken ct = default) => _sync.SyncNowAsync(ct);

    public Task ResolveConflictAsync(string partNumber, ConflictChoice choice, CancellationToken ct = default) =>
        _sync.ResolveConflictAsync(partNumber, choice, ct);

    public Task<SyncAuditReport> AuditAsync(CancellationToken ct = default) => _sync.AuditAsync(ct);

    public IReadOnlyList<PresenceEntry> Presence(string? partNumber = null)
    {
        var sessions = partNumber is null ? _sync.Presence.All() : _sync.Presence.ForItem(partNumber);
        return [.. sessions.Where(s => !s.IsOwnUser).Select(s => s.ToEntry())];
    }

    public async Task<IReadOnlyList<PresenceEntry>> PresenceOfAsync(IReadOnlyCollection<string> partNumbers, CancellationToken ct = default)
    {
        var found = await _client.ListEditSessionsAsync(partNumbers, ct).ConfigureAwait(false);
        return [.. found.SelectMany(item => item.Sessions.Select(s => RemoteSession.From(item.PartNumber, s, Identity.User)))
            .Where(s => !s.IsOwnUser).Select(s => s.ToEntry())];
    }

    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(CancellationToken ct = default) =>
        _client.ListSubscriptionsAsync(Identity.WorkstationId, ct);

    public Task<Subscription> SubscribeAsync(string type, string target, string revisionPolicy, int? pinnedRevision = null, CancellationToken ct = default) =>
        _client.CreateSubscriptionAsync(Identity.WorkstationId, type, target, revisionPolicy, pinnedRevision, ct);

    public Task<Subscription> UpdateSubscriptionAsync(string subscriptionId, SubscriptionUpdate update, CancellationToken ct = default) =>
        _client.UpdateSubscriptionAsync(subscriptionId, update, ct);

    public Task UnsubscribeAsync(string subscriptionId, CancellationToken ct = default) => _client.DeleteSubscriptionAsync(subscriptionId, ct);

    public async Task<IReadOnlyList<ItemSummary>> SearchItemsAsync(string? search, CancellationToken ct = default)
    {
        var page = await _client.ListItemsAsync(new ItemQuery(Search: string.IsNullOrWhiteSpace(search) ? null : search, Limit: SearchLimit), ct)
            .ConfigureAwait(false);
        return [.. page.Items.Select(Summarize)];
    }

    public async Task<ItemSummary> LockItemAsync(string partNumber, CancellationToken ct = default)
    {
        await _client.LockItemAsync(partNumber, ct: ct).ConfigureAwait(false);
        return Summarize(await _client.GetItemAsync(partNumber, ct).ConfigureAwait(false));
    }

    public async Task<ItemSummary> UnlockItemAsync(string partNumber, CancellationToken ct = default)
    {
        await _client.UnlockItemAsync(partNumber, ct: ct).ConfigureAwait(false);
        return Summarize(await _client.GetItemAsync(partNumber, ct).ConfigureAwait(false));
    }

    private static ItemSummary Summarize(Item item) => ItemSummary.Of(item);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _wiring.Dispose();
        // First: a checkpoint handed over just before the stop still reaches the outbox.
        await _handovers.DisposeAsync().ConfigureAwait(false);
        await _sync.DisposeAsync().ConfigureAwait(false);
        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        await _outbox.DisposeAsync().ConfigureAwait(false);
        _signals.Dispose();
        _owned?.Dispose();
        _folderLock?.Dispose();
    }
}
