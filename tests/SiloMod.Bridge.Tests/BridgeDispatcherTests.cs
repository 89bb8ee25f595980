using System.Reactive.Subjects;
using System.Text.Json;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Silo.Protocol.Checkpoints;
using Silo.Protocol.EditSessions;
using Silo.Client.Events;
using Silo.Protocol.Subscriptions;
using SiloMod.Core.Host;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Bridge.Tests;

public sealed class BridgeDispatcherTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly IHostProtocol _core = Substitute.For<IHostProtocol>();
    private readonly Subject<SiloModSignal> _signals = new();
    private readonly Subject<SyncStatus> _status = new();
    private readonly FakeFactory _factory;
    private readonly WorkbenchFacade _facade;
    private readonly BridgeDispatcher _dispatcher;
    private readonly List<string> _events = [];

    public BridgeDispatcherTests()
    {
        _core.Signals.Returns(_signals);
        _core.StatusChanges.Returns(_status);
        _factory = new FakeFactory(_core);
        _facade = new WorkbenchFacade(() => _factory);
        _dispatcher = new BridgeDispatcher(_facade);
        _dispatcher.SetEventSink(json => { lock (_events) _events.Add(json); });
    }

    public void Dispose()
    {
        _dispatcher.Dispose();
        _facade.Dispose();
        _signals.Dispose();
        _status.Dispose();
    }

    private JsonElement Call(string method, object? args = null)
    {
        var json = _dispatcher.Dispatch(method, args is null ? null : JsonSerializer.Serialize(args));
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private void Start() =>
        Assert.Equal("ws-1", Call("start", new { server_url = "http://silo", token = "t", state_dir = "/s", projects_dir = "/p" }).GetProperty("workstation_id").GetString());

    private static void AssertError(JsonElement answer, string type)
    {
        Assert.True(answer.TryGetProperty("error", out var error), answer.ToString());
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public void Ping_ReportsRuntimeAndBridgeVersion()
    {
        var answer = Call("ping");

        Assert.StartsWith(".NET", answer.GetProperty("runtime_version").GetString());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("bridge_version").GetString()));
        Assert.True(answer.GetProperty("core_available").GetBoolean());
        Assert.False(answer.GetProperty("started").GetBoolean());
    }

    [Fact]
    public void Start_WithoutFactory_AnswersCoreNotAvailable()
    {
        using var facade = new WorkbenchFacade(() => null);
        using var dispatcher = new BridgeDispatcher(facade);

        var answer = JsonDocument.Parse(dispatcher.Dispatch("start", """{"server_url":"http://s","token":"t","state_dir":"/s","projects_dir":"/p"}""")).RootElement;

        AssertError(answer, BridgeException.Types.CoreNotAvailable);
        Assert.Contains("core not available", answer.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_PassesEveryArgumentToTheFactory()
    {
        var answer = Call("start", new
        {
            server_url = "http://silo:8080",
            token = "secret",
            state_dir = "/state",
            projects_dir = "/projects",
            settings = new { edit_locking_enabled = false, subscription_max_downloads = 5 },
        });

        Assert.Equal("ws-1", answer.GetProperty("workstation_id").GetString());
        Assert.Equal("alice", answer.GetProperty("user").GetString());
        var request = Assert.Single(_factory.Requests);
        Assert.Equal(new StartRequest("http://silo:8080", "secret", "/state", "/projects", request.Settings), request);
        Assert.Equal(SiloModSettings.Default with { EditLockingEnabled = false, SubscriptionMaxDownloads = 5 }, request.Settings);
    }

    [Fact]
    public void Start_Twice_WithSameServer_AnswersTheRunningCore_ButOtherServerIsRefused()
    {
        Start();
        Start();
        Assert.Single(_factory.Requests);

        AssertError(Call("start", new { server_url = "http://other", token = "t", state_dir = "/s", projects_dir = "/p" }), BridgeException.Types.AlreadyStarted);
    }

    [Fact]
    public void Start_MissingServerUrl_IsInvalidArguments()
    {
        AssertError(Call("start", new { token = "t", state_dir = "/s", projects_dir = "/p" }), BridgeException.Types.InvalidArguments);
        Assert.Empty(_factory.Requests);
    }

    [Fact]
    public void CoreMethod_BeforeStart_AnswersCoreNotStarted() =>
        AssertError(Call("status"), BridgeException.Types.CoreNotStarted);

    [Fact]
    public void UnknownMethod_AnswersUnknownMethod()
    {
        Start();
        AssertError(Call("fly_to_the_moon"), BridgeException.Types.UnknownMethod);
    }

    [Fact]
    public void MalformedArguments_AnswerInvalidArguments()
    {
        var answer = JsonDocument.Parse(_dispatcher.Dispatch("ping", "{not json")).RootElement;
        AssertError(answer, BridgeException.Types.InvalidArguments);
    }

    [Fact]
    public void CoreException_BecomesErrorJsonWithTypeAndMessage()
    {
        Start();
        _core.ListSubscriptionsAsync(Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("server said no"));

        var answer = Call("list_subscriptions");

        AssertError(answer, nameof(InvalidOperationException));
        Assert.Equal("server said no", answer.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Stop_DisposesTheCoreAndLaterCallsNeedStartAgain()
    {
        var disposable = Substitute.For<IHostProtocol, IAsyncDisposable>();
        disposable.Signals.Returns(_signals);
        disposable.StatusChanges.Returns(_status);
        using var facade = new WorkbenchFacade(() => new FakeFactory(disposable));
        using var dispatcher = new BridgeDispatcher(facade);
        dispatcher.Dispatch("start", """{"server_url":"http://s","token":"t","state_dir":"/s","projects_dir":"/p"}""");

        Assert.Equal("null", dispatcher.Dispatch("stop", null));

        await ((IAsyncDisposable)disposable).Received(1).DisposeAsync();
        Assert.Contains(BridgeException.Types.CoreNotStarted, dispatcher.Dispatch("status", null), StringComparison.Ordinal);
    }

    [Fact]
    public void ContextChanged_MapsContextsAndDocument_AndAnswersTheEntryDecision()
    {
        Start();
        var holder = new EditSessionHolder("s-9", "bob", "ws-bob", "sketch", "Sketch001", T0);
        _core.ContextChangedAsync(Arg.Any<ContextChange>(), Arg.Any<CancellationToken>())
            .Returns(new ContextDecision(Entry: new EntryDecision(EntryVerdict.Block, Holder: holder, Message: "bob edits Sketch001")));

        var answer = Call("context_changed", new
        {
            old = new { type = "PartDesign", object_id = "Body", dependency_cone = (string[]?)null },
            @new = new { type = "Sketcher", object_id = "Sketch001", dependency_cone = new[] { "Pocket" } },
            document = new { part_number = "PRT-1", file_path = "/f.FCStd", modified = true },
        });

        _core.Received(1).ContextChangedAsync(
            Arg.Is<ContextChange>(c =>
                c.Old.Type == "PartDesign" && c.Old.ObjectId == "Body" && c.Old.DependencyCone == null &&
                c.New.Type == "Sketcher" && c.New.ObjectId == "Sketch001" && c.New.DependencyCone!.SequenceEqual(new[] { "Pocket" }) &&
                c.Document == new TrackedDocument("PRT-1", "/f.FCStd", true)),
            Arg.Any<CancellationToken>());
        var entry = answer.GetProperty("entry");
        Assert.Equal("block", entry.GetProperty("verdict").GetString());
        Assert.Equal("bob edits Sketch001", entry.GetProperty("message").GetString());
        Assert.Equal("bob", entry.GetProperty("holder").GetProperty("user").GetString());
        Assert.Equal("s-9", entry.GetProperty("holder").GetProperty("session_id").GetString());
        Assert.Equal("sketch", entry.GetProperty("holder").GetProperty("context_level").GetString());
        Assert.Equal(T0, entry.GetProperty("holder").GetProperty("acquired_at").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("exit").ValueKind);
    }

    [Fact]
    public void ContextChanged_DocumentLevelOld_MayBeNullOrTypeNull()
    {
        Start();
        _core.ContextChangedAsync(Arg.Any<ContextChange>(), Arg.Any<CancellationToken>())
            .Returns(new ContextDecision(Exit: new ExitDecision(ExitAction.Checkpoint, "body_close", "s-1")));

        var answer = Call("context_changed", new
        {
            old = (object?)null,
            @new = new { type = (string?)null },
            document = new { part_number = "PRT-1", file_path = (string?)null, modified = false },
        });

        _core.Received(1).ContextChangedAsync(
            Arg.Is<ContextChange>(c => c.Old == EditingContext.Document && c.New.Type == null && c.New.ObjectId == null),
            Arg.Any<CancellationToken>());
        var exit = answer.GetProperty("exit");
        Assert.Equal("checkpoint", exit.GetProperty("action").GetString());
        Assert.Equal("body_close", exit.GetProperty("context").GetString());
        Assert.Equal("s-1", exit.GetProperty("session_id").GetString());
    }

    [Fact]
    public void ContextChanged_EntryVerdicts_AreSnakeCase()
    {
        Start();
        _core.ContextChangedAsync(Arg.Any<ContextChange>(), Arg.Any<CancellationToken>())
            .Returns(new ContextDecision(Entry: new EntryDecision(EntryVerdict.AllowWithWarning, "s-2",
                Conflicts: [new EditSessionConflict("s-3", "carol", "sketch", "Sketch", ["Pad"], "shares Pad")])));

        var entry = Call("context_changed", new { document = new { part_number = "PRT-1", modified = false } }).GetProperty("entry");

        Assert.Equal("allow_with_warning", entry.GetProperty("verdict").GetString());
        var conflict = Assert.Single(entry.GetProperty("conflicts").EnumerateArray().ToList());
        Assert.Equal("Pad", conflict.GetProperty("shared_nodes")[0].GetString());
    }

    [Fact]
    public void ContextChanged_WithoutDocument_IsInvalidArguments()
    {
        Start();
        AssertError(Call("context_changed", new { old = new { type = "Sketcher" } }), BridgeException.Types.InvalidArguments);
    }

    [Fact]
    public void SubmitCheckpoint_MapsTheDag()
    {
        Start();

        var answer = Call("submit_checkpoint", new
        {
            part_number = "PRT-1",
            file_path = "/f.FCStd",
            context = "body_close",
            session_id = "s-1",
            dag = new
            {
                nodes = new[] { new { id = "Sketch", type = "Sketcher::SketchObject", label = "Sketch" }, new { id = "Pad", type = "PartDesign::Pad", label = "Pad" } },
                edges = new[] { new { from = "Sketch", to = "Pad" } },
            },
        });

        Assert.Equal(JsonValueKind.Null, answer.ValueKind);
        _core.Received(1).SubmitCheckpointAsync(
            Arg.Is<CheckpointSubmission>(s =>
                s.PartNumber == "PRT-1" && s.FilePath == "/f.FCStd" && s.Context == "body_close" && s.SessionId == "s-1" &&
                s.Dag!.Nodes.SequenceEqual(new[] { new DagNode("Sketch", "Sketcher::SketchObject", "Sketch"), new DagNode("Pad", "PartDesign::Pad", "Pad") }) &&
                s.Dag.Edges.SequenceEqual(new[] { new DagEdge("Sketch", "Pad") })),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public void ReportOpenFiles_PassesThePaths()
    {
        Start();
        Call("report_open_files", new { paths = new[] { "/a.FCStd", "/b.FCStd" } });
        _core.Received(1).ReportOpenFiles(Arg.Is<IReadOnlyCollection<string>>(p => p.SequenceEqual(new[] { "/a.FCStd", "/b.FCStd" })));
    }

    [Fact]
    public void RequestHandoff_ReleaseNow_ResolveConflict_MapTheirArguments()
    {
        Start();

        Call("request_handoff", new { part_number = "PRT-1", session_id = "s-9", message = "please" });
        Call("request_handoff", new { part_number = "PRT-2", session_id = "s-8" });
        Call("release_now", new { session_id = "s-1" });
        Call("resolve_conflict", new { part_number = "PRT-1", choice = "overwrite" });
        Call("resolve_conflict", new { part_number = "PRT-3", choice = "skip" });

        _core.Received(1).RequestHandoffAsync("PRT-1", "s-9", "please", Arg.Any<CancellationToken>());
        _core.Received(1).RequestHandoffAsync("PRT-2", "s-8", null, Arg.Any<CancellationToken>());
        _core.Received(1).ReleaseNowAsync("s-1", Arg.Any<CancellationToken>());
        _core.Received(1).ResolveConflictAsync("PRT-1", ConflictChoice.Overwrite, Arg.Any<CancellationToken>());
        _core.Received(1).ResolveConflictAsync("PRT-3", ConflictChoice.Skip, Arg.Any<CancellationToken>());
    }

    [Fact]
    public void ResolveConflict_UnknownChoice_IsInvalidArguments()
    {
        Start();
        AssertError(Call("resolve_conflict", new { part_number = "PRT-1", choice = "merge" }), BridgeException.Types.InvalidArguments);
        _core.DidNotReceiveWithAnyArgs().ResolveConflictAsync(default!, default, default);
    }

    [Fact]
    public void SyncNowAndStatus_AnswerTheSyncStatus()
    {
        Start();
        var status = new SyncStatus(1, 2, 3, 4, ConnectionState.Reconnecting, T0);
        _core.SyncNowAsync(Arg.Any<CancellationToken>()).Returns(status);
        _core.Status.Returns(status with { Pending = 9 });

        var synced = Call("sync_now");
        var current = Call("status");

        Assert.Equal(9, synced.GetProperty("pending").GetInt32());
        Assert.Equal(2, synced.GetProperty("checkpoints").GetInt32());
        Assert.Equal(3, synced.GetProperty("deferred").GetInt32());
        Assert.Equal(4, synced.GetProperty("conflicts").GetInt32());
        Assert.Equal("reconnecting", synced.GetProperty("connection").GetString());
        Assert.Equal(T0, synced.GetProperty("last_sync_at").GetDateTimeOffset());
        Assert.Equal(9, current.GetProperty("pending").GetInt32());
    }

    [Fact]
    public void Presence_PassesOptionalPartNumber()
    {
        Start();
        _core.Presence("PRT-1").Returns([new PresenceEntry("s-1", "bob", "PRT-1", "sketch", "Sketch", T0)]);
        _core.Presence(null).Returns([]);

        var one = Call("presence", new { part_number = "PRT-1" });
        var all = Call("presence");

        Assert.Equal("bob", one[0].GetProperty("user").GetString());
        Assert.Equal("sketch", one[0].GetProperty("context_level").GetString());
        Assert.Equal(T0, one[0].GetProperty("since").GetDateTimeOffset());
        Assert.Equal(0, all.GetArrayLength());
    }

    [Fact]
    public void Subscriptions_MapEveryArgument()
    {
        Start();
        var subscription = new Subscription("sub-1", "ws-1", "item", "PRT-1", "latest", null, false, T0, null);
        _core.ListSubscriptionsAsync(Arg.Any<CancellationToken>()).Returns([subscription]);
        _core.SubscribeAsync("project", "Rover", "pinned", 3, Arg.Any<CancellationToken>()).Returns(subscription);
        _core.SubscribeAsync("item", "PRT-1", "latest", null, Arg.Any<CancellationToken>()).Returns(subscription);
        _core.UpdateSubscriptionAsync("sub-1", Arg.Any<SubscriptionUpdate>(), Arg.Any<CancellationToken>()).Returns(subscription with { Paused = true });

        var list = Call("list_subscriptions");
        Call("subscribe", new { type = "project", target = "Rover", revision_policy = "pinned", pinned_revision = 3 });
        var subscribed = Call("subscribe", new { type = "item", target = "PRT-1", revision_policy = "latest" });
        var updated = Call("update_subscription", new { subscription_id = "sub-1", paused = true });
        Call("update_subscription", new { subscription_id = "sub-1", revision_policy = "pinned", pinned_revision = 7 });
        Call("unsubscribe", new { subscription_id = "sub-1" });

        Assert.Equal("sub-1", list[0].GetProperty("id").GetString());
        Assert.Equal("latest", subscribed.GetProperty("revision_policy").GetString());
        Assert.True(updated.GetProperty("paused").GetBoolean());
        _core.Received(1).SubscribeAsync("project", "Rover", "pinned", 3, Arg.Any<CancellationToken>());
        _core.Received(1).UpdateSubscriptionAsync("sub-1", new SubscriptionUpdate(Paused: true), Arg.Any<CancellationToken>());
        _core.Received(1).UpdateSubscriptionAsync("sub-1", new SubscriptionUpdate("pinned", 7), Arg.Any<CancellationToken>());
        _core.Received(1).UnsubscribeAsync("sub-1", Arg.Any<CancellationToken>());
    }

    [Fact]
    public void ItemsAndLocks_MapPartNumbersAndSearch()
    {
        Start();
        var item = new ItemSummary("PRT-1", "Bracket", "Brackets", "Rover", "bob", T0);
        _core.SearchItemsAsync("brack", Arg.Any<CancellationToken>()).Returns([item]);
        _core.SearchItemsAsync(null, Arg.Any<CancellationToken>()).Returns([]);
        _core.LockItemAsync("PRT-1", Arg.Any<CancellationToken>()).Returns(item);
        _core.UnlockItemAsync("PRT-1", Arg.Any<CancellationToken>()).Returns(item with { LockedBy = null, LockedSince = null });

        var found = Call("search_items", new { search = "brack" });
        var none = Call("search_items");
        var locked = Call("lock_item", new { part_number = "PRT-1" });
        var unlocked = Call("unlock_item", new { part_number = "PRT-1" });

        Assert.Equal("bob", found[0].GetProperty("locked_by").GetString());
        Assert.Equal(T0, found[0].GetProperty("locked_since").GetDateTimeOffset());
        Assert.Equal(0, none.GetArrayLength());
        Assert.Equal("PRT-1", locked.GetProperty("part_number").GetString());
        Assert.Equal(JsonValueKind.Null, unlocked.GetProperty("locked_by").ValueKind);
    }

    [Fact]
    public void Settings_GetAnswersAll_SetMergesGivenFieldsIntoCurrent()
    {
        Start();
        var current = SiloModSettings.Default;
        _core.Settings.Returns(_ => current);
        _core.When(c => c.UpdateSettings(Arg.Any<SiloModSettings>())).Do(c => current = c.Arg<SiloModSettings>());

        var got = Call("get_settings");
        var set = Call("set_settings", new { push_on_context_close = false, subscription_max_downloads = 4 });

        Assert.Equal(6, got.EnumerateObject().Count());
        Assert.True(got.GetProperty("edit_locking_enabled").GetBoolean());
        Assert.Equal(SiloModSettings.Default with { PushOnContextClose = false, SubscriptionMaxDownloads = 4 }, current);
        Assert.False(set.GetProperty("push_on_context_close").GetBoolean());
    }

    [Fact]
    public void SetSettings_UnknownOrInvalid_AreErrorsAndChangeNothing()
    {
        Start();
        _core.Settings.Returns(SiloModSettings.Default);

        AssertError(Call("set_settings", new { colour = "red" }), BridgeException.Types.InvalidArguments);
        AssertError(Call("set_settings", new { subscription_max_downloads = 99 }), nameof(ArgumentOutOfRangeException));
        _core.DidNotReceiveWithAnyArgs().UpdateSettings(default!);
    }

    [Fact]
    public void Signals_ReachTheSinkAsJsonWithKindAndSnakeCaseFields()
    {
        Start();

        _signals.OnNext(new HardInterferenceBlocked("PRT-1", "bob", "Sketch001", T0, "s-9", "ws-bob"));
        _signals.OnNext(new CheckpointPushed("PRT-1", "body_close", 3, "cp-1", "abc"));
        _signals.OnNext(new SyncError(null, "disk full"));

        var events = Events();
        Assert.Equal(["hard_interference_blocked", "checkpoint_pushed", "sync_error"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("bob", events[0].GetProperty("holder_user").GetString());
        Assert.Equal("s-9", events[0].GetProperty("holder_session_id").GetString());
        Assert.Equal(T0, events[0].GetProperty("since").GetDateTimeOffset());
        Assert.Equal(3, events[1].GetProperty("subscribers_notified").GetInt32());
        Assert.Equal("abc", events[1].GetProperty("file_hash").GetString());
        Assert.Equal(JsonValueKind.Null, events[2].GetProperty("part_number").ValueKind);
        Assert.All(events, e => Assert.Equal("kind", e.EnumerateObject().First().Name));
    }

    [Fact]
    public void EverySignalRecord_SerializesWithItsOwnKind()
    {
        var signals = typeof(SiloModSignal).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(SiloModSignal)) && !t.IsAbstract).ToList();
        Assert.True(signals.Count >= 14, $"found only {signals.Count} signal records");

        foreach (var type in signals)
        {
            var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var args = ctor.GetParameters().Select(p => Sample(p.ParameterType)).ToArray();
            var signal = (SiloModSignal)ctor.Invoke(args);

            var json = BridgeDispatcher.SignalJson(signal);

            Assert.Equal(signal.Kind, (string?)json["kind"]);
            Assert.Equal(ctor.GetParameters().Length + 1, json.Count);
        }
    }

    [Fact]
    public void StatusChanges_ReachTheSinkAsStatus_AndConnectionOnlyWhenItChanges()
    {
        Start();

        _status.OnNext(new SyncStatus(0, 0, 0, 0, ConnectionState.Offline, null));
        _status.OnNext(new SyncStatus(1, 0, 0, 0, ConnectionState.Offline, null));
        _status.OnNext(new SyncStatus(1, 0, 0, 0, ConnectionState.Connected, T0));

        var events = Events();
        Assert.Equal(["status", "connection", "status", "status", "connection"], events.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("offline", events[1].GetProperty("state").GetString());
        Assert.Equal(1, events[2].GetProperty("pending").GetInt32());
        Assert.Equal("connected", events[4].GetProperty("state").GetString());
        Assert.Equal("connected", events[3].GetProperty("connection").GetString());
    }

    [Fact]
    public void Stop_UnsubscribesFromSignals()
    {
        Start();
        Call("stop");

        _signals.OnNext(new SyncError(null, "late"));

        Assert.Empty(Events());
    }

    [Fact]
    public void FailingSink_DoesNotBreakTheSignalStream()
    {
        Start();
        var calls = 0;
        _dispatcher.SetEventSink(_ => { calls++; throw new InvalidOperationException("python is gone"); });

        _signals.OnNext(new SyncError(null, "one"));
        _signals.OnNext(new SyncError(null, "two"));

        Assert.Equal(2, calls);
    }

    private List<JsonElement> Events()
    {
        lock (_events) return _events.Select(e => JsonDocument.Parse(e).RootElement.Clone()).ToList();
    }

    private static object? Sample(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string)) return "x";
        if (underlying == typeof(int)) return 1;
        if (underlying == typeof(long)) return 1L;
        if (underlying == typeof(bool)) return true;
        if (underlying == typeof(DateTimeOffset)) return T0;
        if (underlying == typeof(IReadOnlyList<string>)) return new[] { "a" };
        if (underlying == typeof(Silo.Protocol.Lineage.ItemVersion)) return new Silo.Protocol.Lineage.ItemVersion(2, "checkpoint", "c-2", "ab", 3, "alice", "body_close", null, T0);
        throw new InvalidOperationException($"No sample for {type}");
    }

    private sealed class FakeFactory(IHostProtocol core) : ICoreFactory
    {
        public List<StartRequest> Requests { get; } = [];

        public Task<StartedCore> StartAsync(StartRequest request, CancellationToken ct)
        {
            Requests.Add(request);
            return Task.FromResult(new StartedCore(core, "ws-1", "alice"));
        }
    }
}
