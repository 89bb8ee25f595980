using Silo.Protocol.Checkpoints;
using Silo.Protocol.Subscriptions;
using SiloMod.Core.Activity;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.Host;
using SiloMod.Core.Items;
using SiloMod.Core.Messages;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Bridge;

/// <summary>
/// The typed surface the host calls: one method per host request, with the core's own records,
/// enums and times as arguments and answers, and the core's streams as observables that outlive a
/// stop and a new start. <see cref="PythonEntry.Facade"/> holds the one instance.
/// </summary>
/// <remarks>
/// Methods block because the host (Python) waits for the answer anyway; they come from a thread
/// without a synchronization context, so blocking on the core's tasks cannot deadlock.
/// Observers are called on the core's threads (<see cref="HostStream{T}"/>).
/// </remarks>
public sealed partial class WorkbenchFacade : IDisposable
{
    private readonly Func<ICoreFactory?> _factory;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly HostStream<SiloModSignal> _signals = new();
    private readonly HostStream<SyncStatus> _status = new();
    private readonly HostStream<EchoEvent> _echoes = new();
    private StartedCore? _started;
    private StartRequest? _startedWith;
    private List<IDisposable> _coreSubscriptions = [];

    /// <param name="factory">Read at each <see cref="Start"/>, so a factory registered after load is still found.</param>
    /// <param name="clock">Whose local time zone the texts show times in; the workstation's by default.</param>
    public WorkbenchFacade(Func<ICoreFactory?> factory, TimeProvider? clock = null)
    {
        _factory = factory;
        _clock = clock ?? TimeProvider.System;
        _activity = new ActivityFeed(_clock, PresenceForActivity);
        WireActivity();
    }

    /// <summary>Every signal of the running core; a failure of the core's stream arrives as a <see cref="SyncError"/>.</summary>
    public IObservable<SiloModSignal> Signals => _signals;

    /// <summary>The running core's status: its current value at each start, then each change.</summary>
    public IObservable<SyncStatus> StatusChanges => _status;

    /// <summary>What <see cref="Echo"/> sends, from pool threads.</summary>
    public IObservable<EchoEvent> Echoes => _echoes;

    public bool IsStarted => Volatile.Read(ref _started) is not null;

    public BridgeInfo Ping() => BridgeInfo.Describe(_factory() is not null, IsStarted);

    /// <summary>
    /// Starts the core. Starting again with the same server and token answers the running core, so
    /// activating the workbench twice never fails; another server needs <see cref="Stop"/> first.
    /// </summary>
    public CoreIdentity Start(StartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var (name, value) in new[] { (nameof(request.ServerUrl), request.ServerUrl), (nameof(request.Token), request.Token), (nameof(request.StateDir), request.StateDir), (nameof(request.ProjectsDir), request.ProjectsDir) })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new BridgeException(BridgeException.Types.InvalidArguments, $"Start needs {name}.");
        }

        lock (_gate)
        {
            if (_started is not null)
            {
                if (_startedWith is not null && _startedWith.ServerUrl == request.ServerUrl && _startedWith.Token == request.Token)
                    return CoreIdentity.Of(_started);
                throw new BridgeException(BridgeException.Types.AlreadyStarted, "The Silo core already runs with other settings: call Stop first.");
            }

            var factory = _factory()
                ?? throw new BridgeException(BridgeException.Types.CoreNotAvailable, "The Silo core is not available in this build of SiloMod.Bridge (core not available).");
            var started = Wait(factory.StartAsync(request, _shutdown.Token));
            _coreSubscriptions = Forward(started.Core);
            RestoreActivity(started.Core);
            _startedWith = request;
            Volatile.Write(ref _started, started);
            return CoreIdentity.Of(started);
        }
    }

    /// <summary>Stops the running core, if any; the streams stay subscribed for the next start.</summary>
    public void Stop()
    {
        StartedCore? started;
        List<IDisposable> subscriptions;
        lock (_gate)
        {
            started = _started;
            subscriptions = _coreSubscriptions;
            _coreSubscriptions = [];
            _startedWith = null;
            Volatile.Write(ref _started, null);
        }

        foreach (var subscription in subscriptions) subscription.Dispose();
        switch (started?.Core)
        {
            case IAsyncDisposable asyncDisposable:
                Wait(asyncDisposable.DisposeAsync().AsTask());
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    public void Dispose()
    {
        Stop();
        _shutdown.Cancel();
        _shutdown.Dispose();
        _signals.Dispose();
        _status.Dispose();
        _echoes.Dispose();
        DisposeActivity();
        _contextEngine?.Dispose();
    }

    /// <summary>
    /// One sentence for a failure a facade method threw, as the user should read it (an unreachable
    /// server in plain words): the host shows this instead of the exception's own message.
    /// </summary>
    public string Describe(Exception error) => ServerWords.Describe(error);

    // Editing sessions (contexts: WorkbenchFacade.Context.cs)

    /// <summary>The files open in the host, and the part numbers of the tracked ones (null when the host knows none).</summary>
    public void ReportOpenDocuments(IReadOnlyCollection<string> paths, IReadOnlyCollection<string>? partNumbers = null)
    {
        var core = Core;
        core.ReportOpenFiles(paths);
        if (partNumbers is not null) core.ReportOpenItems(partNumbers);
    }

    public void RequestHandoff(string partNumber, string sessionId, string? message = null) =>
        Wait(Core.RequestHandoffAsync(partNumber, sessionId, message, _shutdown.Token));

    public void ReleaseNow(string sessionId) => Wait(Core.ReleaseNowAsync(sessionId, _shutdown.Token));

    public void EditAnyway(string partNumber) => Wait(Core.EditAnywayAsync(partNumber, _shutdown.Token));

    public DocumentReplaced UpdateDocument(string partNumber, string filePath)
    {
        var replaced = Wait(Core.UpdateDocumentAsync(partNumber, filePath, _shutdown.Token));
        // The host reopens the document itself after an Update.
        Contexts.ReplacedByHost(replaced);
        return replaced;
    }

    // Sync and conflicts

    public SyncStatus Status => Core.Status;

    /// <summary>
    /// Starts reading the sync diff and applying it, and returns at once: downloads show on
    /// <see cref="StatusChanges"/> as they go, and the end arrives on <see cref="Signals"/> as a
    /// <see cref="SyncNowFinished"/>, or a <see cref="SyncError"/> saying why not.
    /// </summary>
    public void SyncNow()
    {
        var core = Core;
        _ = Task.Run(() => SyncInBackgroundAsync(core), CancellationToken.None);
    }

    public void ResolveConflict(string partNumber, ConflictChoice choice) => Wait(Core.ResolveConflictAsync(partNumber, choice, _shutdown.Token));

    /// <returns>A sentence saying what was done.</returns>
    public string ResolvePushConflict(string partNumber, PushConflictChoice choice, string? conflictId = null) =>
        Wait(Core.ResolvePushConflictAsync(partNumber, choice, conflictId, _shutdown.Token));

    public IReadOnlyList<PushConflict> PushConflicts() => Core.PushConflicts();

    public IReadOnlyList<PresenceEntry> Presence(string? partNumber = null) => Core.Presence(partNumber);

    /// <summary>Who edits the listed items (a search's results), asked of the server.</summary>
    public IReadOnlyList<PresenceEntry> SearchPresence(IReadOnlyList<ItemSummary> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Wait(Core.PresenceOfAsync([.. items.Select(i => i.PartNumber)], _shutdown.Token));
    }

    // Subscriptions

    public IReadOnlyList<Subscription> ListSubscriptions() => Wait(Core.ListSubscriptionsAsync(_shutdown.Token));

    public Subscription Subscribe(string type, string target, string revisionPolicy, int? pinnedRevision = null) =>
        Wait(Core.SubscribeAsync(type, target, revisionPolicy, pinnedRevision, _shutdown.Token));

    public Subscription UpdateSubscription(string subscriptionId, SubscriptionUpdate update) =>
        Wait(Core.UpdateSubscriptionAsync(subscriptionId, update, _shutdown.Token));

    public void Unsubscribe(string subscriptionId) => Wait(Core.UnsubscribeAsync(subscriptionId, _shutdown.Token));

    // Items and check-out locks

    public TrackCheck CheckTrack(string partNumber, DocumentFacts? document = null) =>
        Wait(Core.CheckTrackAsync(partNumber, document ?? new DocumentFacts(), _shutdown.Token));

    public ItemSummary CreateItem(ItemProposal proposal) => Wait(Core.CreateItemAsync(proposal, _shutdown.Token));

    public IReadOnlyList<ItemSummary> SearchItems(string? search = null) => Wait(Core.SearchItemsAsync(search, _shutdown.Token));

    public ItemSummary LockItem(string partNumber) => Wait(Core.LockItemAsync(partNumber, _shutdown.Token));

    public ItemSummary UnlockItem(string partNumber) => Wait(Core.UnlockItemAsync(partNumber, _shutdown.Token));

    // Settings

    public SiloModSettings Settings => Core.Settings;

    /// <summary>Validates before the core sees any part of the change; answers the settings now in force.</summary>
    public SiloModSettings UpdateSettings(SiloModSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var core = Core;
        core.UpdateSettings(settings.Validate());
        return core.Settings;
    }

    /// <summary>
    /// Sends <paramref name="count"/> <see cref="EchoEvent"/>s, each from a pool thread: lets the host
    /// check that events cross from .NET threads to its own without a core or a server. With
    /// <paramref name="wait"/>, returns only once every observer returned for every one of them, so
    /// the host sits in this call while .NET calls back into it.
    /// </summary>
    public int Echo(string? payload = null, int count = 1, bool wait = false)
    {
        var sent = Enumerable.Range(0, count).Select(index =>
        {
            // Queued, not Task.Run: waiting on a Task could run it inline on the host's thread.
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ThreadPool.QueueUserWorkItem(_ =>
            {
                _echoes.Publish(new EchoEvent(index, Environment.CurrentManagedThreadId, payload));
                done.SetResult();
            });
            return done.Task;
        }).ToArray();
        if (wait && !Task.WaitAll(sent, TimeSpan.FromSeconds(30)))
            throw new TimeoutException("The host did not take the echo events within 30 s.");
        return count;
    }

    private IHostProtocol Core =>
        Volatile.Read(ref _started)?.Core
        ?? throw new BridgeException(BridgeException.Types.CoreNotStarted, "The Silo core is not started: call Start first.");

    private List<IDisposable> Forward(IHostProtocol core) =>
    [
        core.Signals.Subscribe(signal => _signals.Publish(signal), OnStreamFailed),
        core.StatusChanges.Subscribe(status => _status.Publish(status), OnStreamFailed),
    ];

    private void OnStreamFailed(Exception error) =>
        _signals.Publish(new SyncError(null, $"The core's event stream failed: {error.Message}"));

    private async Task SyncInBackgroundAsync(IHostProtocol core)
    {
        try
        {
            var status = await core.SyncNowAsync(_shutdown.Token).ConfigureAwait(false);
            _signals.Publish(new SyncNowFinished(status.Pending, status.Deferred, status.Conflicts));
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // FreeCAD is closing: nobody is left to tell.
        }
#pragma warning disable CA1031 // The host already went on: every failure becomes a signal, none may be lost on a pool thread.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _signals.Publish(new SyncError(null, $"Sync Now did not finish: {ServerWords.Describe(e)}"));
        }
    }

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();
}
