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
/// The JSON adapter over <see cref="WorkbenchFacade"/> that the workbench still calls by method name
/// (<see cref="PythonEntry.Call"/>): maps method names and JSON arguments to the facade's methods, and
/// its streams to JSON events.
/// </summary>
public sealed class BridgeDispatcher : IDisposable
{
    private readonly WorkbenchFacade _facade;
    private ConnectionStateBox _lastConnection = new();
    private readonly List<IDisposable> _subscriptions;
    private Action<string>? _events;

    public BridgeDispatcher(WorkbenchFacade facade)
    {
        _facade = facade;
        _subscriptions =
        [
            facade.Signals.Subscribe(signal => Emit(SignalJson(signal))),
            facade.StatusChanges.Subscribe(OnStatus),
        ];
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

    /// <summary>Stops listening to the facade's streams; the facade's owner stops the core.</summary>
    public void Dispose()
    {
        SetEventSink(null);
        foreach (var subscription in _subscriptions) subscription.Dispose();
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
        var facade = _facade;
        switch (method)
        {
            case "ping":
                return BridgeJson.ToNode(facade.Ping());
            case "start":
                // A new core's first status says its connection again.
                Volatile.Write(ref _lastConnection, new ConnectionStateBox());
                return BridgeJson.ToNode(facade.Start(StartRequest(args)));
            case "stop":
                facade.Stop();
                return null;
            case "context_changed":
                return BridgeJson.ToNode(facade.ContextChanged(new ContextChange(
                    Context(args, "old"),
                    Context(args, "new"),
                    Required<TrackedDocument>(args, "document"))));
            case "submit_checkpoint":
                facade.SubmitCheckpoint(new CheckpointSubmission(
                    Required<string>(args, "part_number"),
                    Required<string>(args, "file_path"),
                    Required<string>(args, "context"),
                    Optional<string>(args, "session_id"),
                    Optional<Dag>(args, "dag")));
                return null;
            case "report_open_files":
                // Part numbers optional so a host that knows none still reports its files.
                facade.ReportOpenDocuments(Required<List<string>>(args, "paths"), Optional<List<string>>(args, "part_numbers"));
                return null;
            case "check_track":
                return BridgeJson.ToNode(facade.CheckTrack(Required<string>(args, "part_number"), Optional<DocumentFacts>(args, "document")));
            case "create_item":
                return BridgeJson.ToNode(facade.CreateItem(new ItemProposal(
                    Required<string>(args, "part_number"), Required<string>(args, "category"), Required<string>(args, "project"),
                    Optional<string>(args, "description") ?? "")));
            case "request_handoff":
                facade.RequestHandoff(Required<string>(args, "part_number"), Required<string>(args, "session_id"), Optional<string>(args, "message"));
                return null;
            case "release_now":
                facade.ReleaseNow(Required<string>(args, "session_id"));
                return null;
            case "sync_now":
                // Started, not awaited: the end arrives as a signal.
                facade.SyncNow();
                return BridgeJson.ToNode(facade.Status);
            case "resolve_conflict":
                facade.ResolveConflict(Required<string>(args, "part_number"), Required<ConflictChoice>(args, "choice"));
                return null;
            case "edit_anyway":
                facade.EditAnyway(Required<string>(args, "part_number"));
                return null;
            case "update_document":
                return BridgeJson.ToNode(facade.UpdateDocument(Required<string>(args, "part_number"), Required<string>(args, "file_path")));
            case "resolve_push_conflict":
                return facade.ResolvePushConflict(
                    Required<string>(args, "part_number"), Required<PushConflictChoice>(args, "choice"), Optional<string>(args, "conflict_id"));
            case "push_conflicts":
                return new JsonArray([.. facade.PushConflicts().Select(c => (JsonNode)SignalJson(c))]);
            case "status":
                return BridgeJson.ToNode(facade.Status);
            case "presence":
                return BridgeJson.ToNode(facade.Presence(Optional<string>(args, "part_number")));
            case "list_subscriptions":
                return BridgeJson.ToNode(facade.ListSubscriptions());
            case "subscribe":
                return BridgeJson.ToNode(facade.Subscribe(
                    Required<string>(args, "type"),
                    Required<string>(args, "target"),
                    Required<string>(args, "revision_policy"),
                    Optional<int?>(args, "pinned_revision")));
            case "update_subscription":
                var update = new SubscriptionUpdate(
                    Optional<string>(args, "revision_policy"),
                    Optional<int?>(args, "pinned_revision"),
                    Optional<bool?>(args, "paused"));
                return BridgeJson.ToNode(facade.UpdateSubscription(Required<string>(args, "subscription_id"), update));
            case "unsubscribe":
                facade.Unsubscribe(Required<string>(args, "subscription_id"));
                return null;
            case "search_items":
                return BridgeJson.ToNode(facade.SearchItems(Optional<string>(args, "search")));
            case "lock_item":
                return BridgeJson.ToNode(facade.LockItem(Required<string>(args, "part_number")));
            case "unlock_item":
                return BridgeJson.ToNode(facade.UnlockItem(Required<string>(args, "part_number")));
            case "get_settings":
                return BridgeJson.ToNode(facade.Settings);
            case "set_settings":
                return BridgeJson.ToNode(facade.UpdateSettings(MergeSettings(facade.Settings, args)));
            default:
                throw new BridgeException(BridgeException.Types.UnknownMethod, $"The bridge has no method '{method}'.");
        }
    }

    private static StartRequest StartRequest(JsonObject args)
    {
        var request = args.Deserialize<StartRequest>(BridgeJson.Options)
            ?? throw new BridgeException(BridgeException.Types.InvalidArguments, "start needs server_url, token, state_dir and projects_dir.");
        // Settings the host leaves out keep their defaults.
        return args["settings"] is JsonObject settings ? request with { Settings = MergeSettings(SiloModSettings.Default, settings) } : request;
    }

    private void OnStatus(SyncStatus status)
    {
        var evt = new JsonObject { ["kind"] = "status" };
        CopyFields(BridgeJson.ToNode(status), evt);
        Emit(evt);
        if (Volatile.Read(ref _lastConnection).Swap(status.Connection))
            Emit(new JsonObject { ["kind"] = "connection", ["state"] = BridgeJson.ToNode(status.Connection) });
    }

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

    // The facade's streams guard their observers, so a failing sink loses only its one event.
    private void Emit(JsonObject evt) => Volatile.Read(ref _events)?.Invoke(BridgeJson.Serialize(evt));

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
}
