using System.Collections.Concurrent;
using System.Reactive.Subjects;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Silo.Protocol.EditSessions;
using Silo.Client.Events;
using SiloMod.Core.Host;
using SiloMod.Core.Items;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Bridge.Tests;

public sealed partial class WorkbenchFacadeTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 4, 5, 6, 7, 123, TimeSpan.FromHours(2));
    private static readonly StartRequest Request = new("http://silo", "t", "/s", "/p");

    private readonly IHostProtocol _core = Substitute.For<IHostProtocol, IAsyncDisposable>();
    private readonly Subject<SiloModSignal> _signals = new();
    private readonly Subject<SyncStatus> _status = new();
    private readonly List<StartRequest> _requests = [];
    private readonly FakeTimeProvider _time = new(T0);
    private readonly ICoreFactory _factory = Substitute.For<ICoreFactory>();
    private readonly WorkbenchFacade _facade;

    public WorkbenchFacadeTests()
    {
        _core.Signals.Returns(_signals);
        _core.StatusChanges.Returns(_status);
        _factory.StartAsync(Arg.Do<StartRequest>(_requests.Add), Arg.Any<CancellationToken>()).Returns(new StartedCore(_core, "ws-1", "alice"));
        _facade = new WorkbenchFacade(() => _factory, _time);
    }

    public void Dispose()
    {
        _facade.Dispose();
        _signals.Dispose();
        _status.Dispose();
    }

    [Fact]
    public void Ping_BeforeStart_SaysTheCoreCanStartButDoesNotRun()
    {
        var info = _facade.Ping();

        Assert.StartsWith(".NET", info.RuntimeVersion, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(info.BridgeVersion));
        Assert.True(info.CoreAvailable);
        Assert.False(info.Started);
    }

    [Fact]
    public void Start_AnswersTheIdentity_AndAgainWithTheSameServerStartsNothingNew()
    {
        Assert.Equal(new CoreIdentity("ws-1", "alice"), _facade.Start(Request));
        Assert.Equal(new CoreIdentity("ws-1", "alice"), _facade.Start(Request));

        Assert.Equal([Request], _requests);
        Assert.True(_facade.Ping().Started);
    }

    [Fact]
    public void Start_WithOtherServerWhileRunning_IsRefused()
    {
        _facade.Start(Request);

        var error = Assert.Throws<BridgeException>(() => _facade.Start(Request with { ServerUrl = "http://other" }));

        Assert.Equal(BridgeException.Types.AlreadyStarted, error.Type);
    }

    [Fact]
    public void Start_WithBlankToken_IsRefusedBeforeTheFactory()
    {
        var error = Assert.Throws<BridgeException>(() => _facade.Start(Request with { Token = " " }));

        Assert.Equal(BridgeException.Types.InvalidArguments, error.Type);
        Assert.Empty(_requests);
    }

    [Fact]
    public void Start_WithoutFactory_ThrowsCoreNotAvailable()
    {
        using var facade = new WorkbenchFacade(() => null);

        var error = Assert.Throws<BridgeException>(() => facade.Start(Request));

        Assert.Equal(BridgeException.Types.CoreNotAvailable, error.Type);
        Assert.Contains("core not available", error.Message, StringComparison.Ordinal);
        Assert.False(facade.IsStarted);
    }

    [Fact]
    public void CoreCall_BeforeStart_ThrowsCoreNotStarted()
    {
        var error = Assert.Throws<BridgeException>(() => _facade.SyncNow());
        Assert.Equal(BridgeException.Types.CoreNotStarted, error.Type);
    }

    [Fact]
    public async Task Stop_DisposesTheCore()
    {
        _facade.Start(Request);

        _facade.Stop();

        await ((IAsyncDisposable)_core).Received(1).DisposeAsync();
        Assert.False(_facade.IsStarted);
        Assert.Equal(BridgeException.Types.CoreNotStarted, Assert.Throws<BridgeException>(() => _facade.Status).Type);
    }

    [Fact]
    public void CoreFailure_IsThrownAsTheCoresOwnException()
    {
        _facade.Start(Request);
        _core.ListSubscriptionsAsync(Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("server said no"));

        var error = Assert.Throws<InvalidOperationException>(() => _facade.ListSubscriptions());

        Assert.Equal("server said no", error.Message);
    }

    [Fact]
    public void Describe_UnreachableServer_SaysSoInPlainWords()
    {
        var unreachable = new Silo.Client.Errors.UnavailableException("Circuit is open.") { Server = new Uri("http://silo.example:5080") };

        Assert.Equal("The Silo server at silo.example:5080 is not answering.", _facade.Describe(unreachable));
        Assert.Equal("server said no", _facade.Describe(new InvalidOperationException("server said no")));
    }

    [Fact]
    public void ReportOpenDocuments_WithoutPartNumbers_ReportsOnlyTheFiles()
    {
        _facade.Start(Request);

        _facade.ReportOpenDocuments(["/a.FCStd"]);
        _facade.ReportOpenDocuments(["/a.FCStd", "/b.FCStd"], ["PRT-2"]);

        _core.Received(2).ReportOpenFiles(Arg.Any<IReadOnlyCollection<string>>());
        _core.Received(1).ReportOpenItems(Arg.Is<IReadOnlyCollection<string>>(p => p.SequenceEqual(new[] { "PRT-2" })));
    }

    [Fact]
    public void UpdateSettings_Invalid_IsRefusedBeforeTheCoreSeesIt()
    {
        _facade.Start(Request);
        _core.Settings.Returns(SiloModSettings.Default);

        Assert.Throws<ArgumentOutOfRangeException>(() => _facade.UpdateSettings(SiloModSettings.Default with { SubscriptionMaxDownloads = 99 }));

        _core.DidNotReceiveWithAnyArgs().UpdateSettings(default!);
    }

    [Fact]
    public void UpdateSettings_Valid_ReachesTheCore_AndAnswersTheSettingsInForce()
    {
        _facade.Start(Request);
        var current = SiloModSettings.Default;
        _core.Settings.Returns(_ => current);
        _core.When(c => c.UpdateSettings(Arg.Any<SiloModSettings>())).Do(c => current = c.Arg<SiloModSettings>());
        var wanted = SiloModSettings.Default with { PushOnContextClose = false, SubscriptionMaxDownloads = 4 };

        Assert.Equal(wanted, _facade.UpdateSettings(wanted));
        Assert.Equal(wanted, _facade.Settings);
    }

    [Fact]
    public void CheckTrack_PassesTheDocumentFacts_AndWithoutThemEmptyOnes()
    {
        _facade.Start(Request);
        var facts = new DocumentFacts("Plate", "/w/Rover/p.FCStd", Meta: new Dictionary<string, string> { ["SiloCategory"] = "Plates" });
        var check = new TrackCheck(TrackVerdict.OfferCreate, "PRT-9", "Create it?", Proposal: new ItemProposal("PRT-9", "Plates", "Rover", "Plate"));
        _core.CheckTrackAsync("PRT-9", facts, Arg.Any<CancellationToken>()).Returns(check);

        Assert.Same(check, _facade.CheckTrack("PRT-9", facts));
        _facade.CheckTrack("PRT-8");

        _core.Received(1).CheckTrackAsync("PRT-8", new DocumentFacts(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public void Signals_ArriveAsTheCoresOwnRecords_WithTheirTimes()
    {
        var received = new List<SiloModSignal>();
        using var subscription = _facade.Signals.Subscribe(received.Add);
        _facade.Start(Request);
        var blocked = new HardInterferenceBlocked("PRT-1", "bob", "Sketch001", T0, "s-9", "ws-bob");

        _signals.OnNext(blocked);

        Assert.Same(blocked, Assert.Single(received));
        Assert.Equal(T0.Offset, ((HardInterferenceBlocked)received[0]).Since.Offset);
    }

    [Fact]
    public void Signals_OfEachStartedCore_ReachOneSubscription_AndNoneAfterStop()
    {
        var received = new List<SiloModSignal>();
        using var subscription = _facade.Signals.Subscribe(received.Add);

        _facade.Start(Request);
        _signals.OnNext(new SyncError("PRT-1", "one"));
        _facade.Stop();
        _signals.OnNext(new SyncError("PRT-1", "while stopped"));
        _facade.Start(Request);
        _signals.OnNext(new SyncError("PRT-1", "two"));

        Assert.Equal(["one", "two"], received.Cast<SyncError>().Select(e => e.Message));
    }

    [Fact]
    public void StatusChanges_CarryTheConnectionAsAnEnumAndTheTimeAsItIs()
    {
        var received = new List<SyncStatus>();
        using var subscription = _facade.StatusChanges.Subscribe(received.Add);
        _facade.Start(Request);

        _status.OnNext(new SyncStatus(1, 2, 3, 4, ConnectionState.Reconnecting, T0));

        var status = Assert.Single(received);
        Assert.Equal(ConnectionState.Reconnecting, status.Connection);
        Assert.Equal(T0, status.LastSyncAt);
        Assert.Equal(T0.Offset, status.LastSyncAt!.Value.Offset);
    }

    [Fact]
    public void FailingObserver_DoesNotBreakTheCoresStream()
    {
        var calls = 0;
        using var subscription = _facade.Signals.Subscribe(_ => { calls++; throw new InvalidOperationException("python is gone"); });
        _facade.Start(Request);

        _signals.OnNext(new SyncError(null, "one"));
        _signals.OnNext(new SyncError(null, "two"));

        Assert.Equal(2, calls);
    }

    [Fact]
    public void CoreStreamFailure_ArrivesAsASyncError()
    {
        var received = new List<SiloModSignal>();
        using var subscription = _facade.Signals.Subscribe(received.Add);
        _facade.Start(Request);

        _signals.OnError(new IOException("pipe broke"));

        var error = Assert.IsType<SyncError>(Assert.Single(received));
        Assert.Contains("pipe broke", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Echo_Wait_ReturnsOnlyAfterTheObserverTookEveryEventOnOtherThreads()
    {
        var echoes = new ConcurrentBag<EchoEvent>();
        using var subscription = _facade.Echoes.Subscribe(echoes.Add);

        var sent = _facade.Echo("hello", count: 5, wait: true);

        Assert.Equal(5, sent);
        Assert.Equal([0, 1, 2, 3, 4], echoes.Select(e => e.Index).Order());
        Assert.All(echoes, e => Assert.Equal("hello", e.Payload));
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, echoes.Select(e => e.ManagedThreadId));
    }
}
