using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Silo.Protocol.Checkpoints;
using Silo.Protocol.Subscriptions;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.Host;
using SiloMod.Core.Items;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Bridge;

/// <summary>
/// Maps the host protocol's method names and JSON arguments to <see cref="IHostProtocol"/>, and the
/// core's signals to JSON events. Both transports call one instance of this class each, so the
/// contract cannot drift between pythonnet and native hosting.
/// </summary>
/// <remarks>
/// Calls are synchronous because the host (Python) waits for the answer anyway; they come from a
/// thread without a synchronization context, so blocking on the core's tasks cannot deadlock.
/// </remarks>
public sealed class BridgeDispatcher : IDisposable
{
    private readonly string _transport;
    private readonly Func<ICoreFactory?> _factory;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _shutdown = new();
    private Action<string>? _events;
    private StartedCore? _started;
    private StartRequest? _startedWith;
    private List<IDisposable> _subscriptions = [];

    /// <param name="transport">How the host reached this dispatcher: <c>native</c> or <c>pythonnet</c> (reported by <c>ping</c>).</param>
    /// <param name="factory">Read at each <c>start</c>, so a factory registered after load is still found.</param>
    public BridgeDispatcher(string transport, Func<ICoreFactory?> factory)
    {
        _transport = transport;
        _factory = factory;
    }

    /// <summary>Where pushed events go, on whatever thread the core raises them; null drops them.</summary>
    public void SetEventSink(Action<string>? sink) => Volatile.Write(ref _events, sink);

    /// <summary>Runs one request. Never throws: a failure becomes <c>{"error":{"type","message"}}</c>.</summary>
    public string Dispatch(string method, string? argsJson)
    {
        try
        {
            var args = ParseArguments(argsJson);
            return BridgeJson.Serialize(Invoke(method, args));
        }
#pragma warning disable CA1031 // Every failure must reach Python as an error answer; an exception escaping into native code ends the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return BridgeJson.Error(ex);
        }
    }

    /// <summary>Stops the core and forgets the event sink; the host is going away.</summary>
    public void Shutdown()
    {
        SetEventSink(null);
        StopCore();
    }

    public void Dispose()
    {
        Shutdown();
        _shutdown.Cancel();
        _shutdown.Dispose();
    }

    private static JsonObject ParseArguments(string? argsJson)
    {
        if (string.IsNullOrWhiteSpace(argsJson)) return [];
        return JsonNode.Parse(argsJson) switch
        {
            JsonObject obj => obj,
            null => [],
            _ => throw new BridgeException(BridgeException.Types.InvalidArguments, "Arguments must be a JSON object."),
        };
    }

    private JsonNode? Invoke(string method, JsonObject args)
    {
        var ct = _shutdown.Token;
        switch (method)
        {
            case "ping":
                return Ping();
            case "echo_event":
                return EchoEvent(args);
            case "start":
                return Start(args, ct);
            case "stop":
                StopCore();
                return null;
        }

        var core = Core;
        switch (method)
        {
            case "context_changed":
                var change = new ContextChange(
                    Context(args, "old"),
                    Context(args, "new"),
                    Required<TrackedDocument>(args, "document"));
                return BridgeJson.ToNode(Wait(core.ContextChangedAsync(change, ct)));
            case "submit_checkpoint":
                var submission = new CheckpointSubmission(
                    Required<string>(args, "part_number"),
                    Required<string>(args, "file_path"),
                    Required<string>(args, "context"),
                    Optional<string>(args, "session_id"),
                    Optional<Dag>(args, "dag"));
                Wait(core.SubmitCheckpointAsync(submission, ct));
                return null;
            case "report_open_files":
                core.ReportOpenFiles(Required<List<string>>(args, "paths"));
                // Optional so a host that knows no part numbers still reports its files.
                if (Optional<List<string>>(args, "part_numbers") is { } partNumbers) core.ReportOpenItems(partNumbers);
                return null;
            case "check_track":
                return BridgeJson.ToNode(Wait(core.CheckTrackAsync(
                    Required<string>(args, "part_number"), Optional<DocumentFacts>(args, "document") ?? new DocumentFacts(), ct)));
            case "create_item":
                return BridgeJson.ToNode(Wait(core.CreateItemAsync(new ItemProposal(
                    Required<string>(args, "part_number"), Required<string>(args, "category"), Required<string>(args, "project"),
                    Optional<string>(args, "description") ?? ""), ct)));
            case "request_handoff":
                Wait(core.RequestHandoffAsync(Required<string>(args, "part_number"), Required<string>(args, "session_id"), Optional<string>(args, "message"), ct));
                return null;
            case "release_now":
                Wait(core.ReleaseNowAsync(Required<string>(args, "session_id"), ct));
                return null;
            case "sync_now":
                return BridgeJson.ToNode(Wait(core.SyncNowAsync(ct)));
            case "resolve_conflict":
                Wait(core.ResolveConflictAsync(Required<string>(args, "part_number"), Required<ConflictChoice>(args, "choice"), ct));
                return null;
            case "edit_anyway":
                Wait(core.EditAnywayAsync(Required<string>(args, "part_number"), ct));
                return null;
            case "update_document":
                return BridgeJson.ToNode(Wait(core.UpdateDocumentAsync(Required<string>(args, "part_number"), Required<string>(args, "file_path"), ct)));
            case "resolve_push_conflict":
                return Wait(core.ResolvePushConflictAsync(
                    Required<string>(args, "part_number"), Required<PushConflictChoice>(args, "choice"), Optional<string>(args, "conflict_id"), ct));
            case "push_conflicts":
                return new JsonArray([.. core.PushConflicts().Select(c => (JsonNode)SignalJson(c))]);
            case "status":
                return BridgeJson.ToNode(core.Status);
            case "presence":
                return BridgeJson.ToNode(core.Presence(Optional<string>(args, "part_number")));
            case "list_subscriptions":
                return BridgeJson.ToNode(Wait(core.ListSubscriptionsAsync(ct)));
            case "subscribe":
                return BridgeJson.ToNode(Wait(core.SubscribeAsync(
                    Required<string>(args, "type"),
                    Required<string>(args, "target"),
                    Required<string>(args, "revision_policy"),
                    Optional<int?>(args, "pinned_revision"),
                    ct)));
            case "update_subscription":
                var update = new SubscriptionUpdate(
                    Optional<string>(args, "revision_policy"),
                    Optional<int?>(args, "pinned_revision"),
                    Optional<bool?>(args, "paused"));
                return BridgeJson.ToNode(Wait(core.UpdateSubscriptionAsync(Required<string>(args, "subscription_id"), update, ct)));
            case "unsubscribe":
                Wait(core.UnsubscribeAsync(Required<string>(args, "subscription_id"), ct));
                return null;
            case "search_items":
                return BridgeJson.ToNode(Wait(core.SearchItemsAsync(Optional<string>(args, "search"), ct)));
            case "lock_item":
                return BridgeJson.ToNode(Wait(core.LockItemAsync(Required<string>(args, "part_number"), ct)));
            case "unlock_item":
                return BridgeJson.ToNode(Wait(core.UnlockItemAsync(Required<string>(args, "part_number"), ct)));
            case "get_settings":
                return BridgeJson.ToNode(core.Settings);
            case "set_settings":
                core.UpdateSettings(MergeSettings(core.Settings, args));
                return BridgeJson.ToNode(core.Settings);
            default:
                throw new BridgeException(BridgeException.Types.UnknownMethod, $"The bridge has no method '{method}'.");
        }
    }

    private IHostProtocol Core =>
        Volatile.Read(ref _started)?.Core
        ?? throw new BridgeException(BridgeException.Types.CoreNotStarted, "The Silo core is not started: call 'start' first.");

    private JsonObject Ping() => new()
    {
        ["transport"] = _transport,
        ["runtime_version"] = RuntimeInformation.FrameworkDescription,
        ["bridge_version"] = typeof(BridgeDispatcher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(BridgeDispatcher).Assembly.GetName().Version?.ToString(),
        ["core_available"] = _factory() is not null,
        ["started"] = Volatile.Read(ref _started) is not null,
    };

    /// <summary>
    /// Pushes one <c>echo</c> event from a pool thread: lets the host check that events cross from
    /// .NET threads to its own without a core or a server.
    /// </summary>
    private JsonObject EchoEvent(JsonObject args)
    {
        var payload = args["payload"]?.DeepClone();
        _ = Task.Run(() =>
        {
            var evt = new JsonObject
            {
                ["kind"] = "echo",
                ["payload"] = payload,
                ["managed_thread_id"] = Environment.CurrentManagedThreadId,
            };
            Emit(evt);
        });
        return new JsonObject { ["scheduled"] = true };
    }

    private JsonObject Start(JsonObject args, CancellationToken ct)
    {
        var request = args.Deserialize<StartRequest>(BridgeJson.Options)
            ?? throw new BridgeException(BridgeException.Types.InvalidArguments, "start needs server_url, token, state_dir and projects_dir.");
        foreach (var (name, value) in new[] { ("server_url", request.ServerUrl), ("token", request.Token), ("state_dir", request.StateDir), ("projects_dir", request.ProjectsDir) })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new BridgeException(BridgeException.Types.InvalidArguments, $"start needs '{name}'.");
        }

        lock (_gate)
        {
            if (_started is not null)
            {
                // Activating the workbench again must not fail; connecting somewhere else needs an explicit stop.
                if (_startedWith is not null && _startedWith.ServerUrl == request.ServerUrl && _startedWith.Token == request.Token)
                    return StartAnswer(_started);
                throw new BridgeException(BridgeException.Types.AlreadyStarted, "The Silo core already runs with other settings: call 'stop' first.");
            }

            var factory = _factory()
                ?? throw new BridgeException(BridgeException.Types.CoreNotAvailable, "The Silo core is not available in this build of SiloMod.Bridge (core not available).");
            var started = Wait(factory.StartAsync(request, ct));
            _subscriptions = Subscribe(started.Core);
            _startedWith = request;
            Volatile.Write(ref _started, started);
            return StartAnswer(started);
        }
    }

    private static JsonObject StartAnswer(StartedCore started) => new()
    {
        ["workstation_id"] = started.WorkstationId,
        ["user"] = started.User,
    };

    private void StopCore()
    {
        StartedCore? started;
        List<IDisposable> subscriptions;
        lock (_gate)
        {
            started = _started;
            subscriptions = _subscriptions;
            _subscriptions = [];
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

    private List<IDisposable> Subscribe(IHostProtocol core)
    {
        ConnectionStateBox lastConnection = new();
        return
        [
            core.Signals.Subscribe(new Observer<SiloModSignal>(signal => Emit(SignalJson(signal)), OnStreamFailed)),
            core.StatusChanges.Subscribe(new Observer<SyncStatus>(status =>
            {
                var evt = new JsonObject { ["kind"] = "status" };
                CopyFields(BridgeJson.ToNode(status), evt);
                Emit(evt);
                if (lastConnection.Swap(status.Connection))
                    Emit(new JsonObject { ["kind"] = "connection", ["state"] = BridgeJson.ToNode(status.Connection) });
            }, OnStreamFailed)),
        ];
    }

    private void OnStreamFailed(Exception error) =>
        Emit(new JsonObject { ["kind"] = "sync_error", ["part_number"] = null, ["message"] = $"The core's event stream failed: {error.Message}" });

    /// <summary>A signal as JSON: <c>kind</c> first, then the record's own fields.</summary>
    internal static JsonObject SignalJson(SiloModSignal signal)
    {
        var evt = new JsonObject { ["kind"] = signal.Kind };
        CopyFields(BridgeJson.ToNode(signal, signal.GetType()), evt);
        return evt;
    }

    private static void CopyFields(JsonNode? from, JsonObject to)
    {
        if (from is not JsonObject source) return;
        foreach (var (name, value) in source)
        {
            if (name == "kind") continue;
            to[name] = value?.DeepClone();
        }
    }

    private void Emit(JsonObject evt)
    {
        var sink = Volatile.Read(ref _events);
        if (sink is null) return;
        try
        {
            sink(BridgeJson.Serialize(evt));
        }
#pragma warning disable CA1031 // The sink is the host's code on a core thread; a failure there must not break the core's stream.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"SiloMod.Bridge: the host's event handler failed: {ex}");
        }
    }

    private static SiloModSettings MergeSettings(SiloModSettings current, JsonObject changes)
    {
        var merged = BridgeJson.ToNode(current) as JsonObject ?? [];
        foreach (var (name, value) in changes)
        {
            if (!merged.ContainsKey(name))
                throw new BridgeException(BridgeException.Types.InvalidArguments, $"There is no setting '{name}'.");
            merged[name] = value?.DeepClone();
        }

        // Validate here so a bad value is refused before the core sees any part of the change.
        return merged.Deserialize<SiloModSettings>(BridgeJson.Options)!.Validate();
    }

    private static EditingContext Context(JsonObject args, string name) =>
        Optional<EditingContext>(args, name) ?? EditingContext.Document;

    private static T Required<T>(JsonObject args, string name)
    {
        if (args[name] is not { } node)
            throw new BridgeException(BridgeException.Types.InvalidArguments, $"Missing argument '{name}'.");
        return node.Deserialize<T>(BridgeJson.Options)
            ?? throw new BridgeException(BridgeException.Types.InvalidArguments, $"Argument '{name}' is null.");
    }

    private static T? Optional<T>(JsonObject args, string name) =>
        args[name] is { } node ? node.Deserialize<T>(BridgeJson.Options) : default;

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();

    /// <summary>Remembers the connection state and tells whether it changed.</summary>
    private sealed class ConnectionStateBox
    {
        private Silo.Client.Events.ConnectionState? _last;

        public bool Swap(Silo.Client.Events.ConnectionState state)
        {
            var changed = _last != state;
            _last = state;
            return changed;
        }
    }

    private sealed class Observer<T>(Action<T> onNext, Action<Exception> onError) : IObserver<T>
    {
        public void OnNext(T value) => onNext(value);

        public void OnError(Exception error) => onError(error);

        public void OnCompleted() { }
    }
}
