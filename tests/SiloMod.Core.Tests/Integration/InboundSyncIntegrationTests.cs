using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using Silo.Client;
using Silo.Protocol.Checkpoints;
using Silo.Protocol.EditSessions;
using Silo.Client.Events;
using Silo.Client.Files;
using Silo.Protocol.Lineage;
using Silo.Client.Http;
using Silo.Protocol.Subscriptions;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Events;
using SiloMod.Core.Presence;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;
using SiloMod.Core.Tests.Support;
using SiloMod.Core.Lineage;

namespace SiloMod.Core.Tests.Integration;

/// <summary>
/// Alice (a plain client) pushes; Bob's SyncManager, subscribed with policy latest and following
/// the real event stream, brings the file in without Bob calling anything.
/// </summary>
#pragma warning disable CA1001 // xunit disposes them through IAsyncLifetime.DisposeAsync.
public sealed class InboundSyncIntegrationTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Pn = "PRT-100";
    private const string Category = "Brackets";
    private const string Description = "Mounting bracket";

    private readonly List<ServiceProvider> _providers = [];
    private readonly TempFolder _temp = new();
    private readonly SignalHub _signals = new();
    private SignalRecorder _recorder = null!;
    private SiloTestServer _server = null!;
    private FaultProxy _proxy = null!;
    private ISiloClient _alice = null!;
    private ISiloClient _bob = null!;
    private string _aliceWs = "";
    private string _bobWs = "";
    private PresenceMap _presence = null!;
    private SyncManager _manager = null!;

    private string BobPath => SubscriptionPaths.SubscriptionFilePath(_temp.Combine("projects"), Category, Pn, Description);

    public async Task InitializeAsync()
    {
        _recorder = new SignalRecorder(_signals);
        _server = await SiloTestServer.StartAsync();
        _proxy = FaultProxy.Start(_server.BaseAddress);
        _alice = ClientFor(await _server.CreateUserAsync("alice", "editor"), _server.BaseAddress);
        // Bob goes through the proxy, so a download can be cut mid-body.
        _bob = ClientFor(await _server.CreateUserAsync("bob", "editor"), _proxy.BaseAddress);
        await _server.CreateItemAsync(Pn, Category, "Rover", Description);
        _aliceWs = (await _alice.RegisterWorkstationAsync("alice-pc", Fingerprint("alice"))).Id;
        _bobWs = (await _bob.RegisterWorkstationAsync("bob-pc", Fingerprint("bob"))).Id;
        await _bob.CreateSubscriptionAsync(_bobWs, SubscriptionTypes.Item, Pn, RevisionPolicies.Latest);

        var state = SyncStateStore.Open(_temp.Combine("state", "sync-state.json"));
        _presence = new PresenceMap(_signals);
        var events = new SiloEventSource(_bob, _bobWs, state.LastEventId, reconnectDelay: TimeSpan.FromMilliseconds(100));
        _manager = new SyncManager(_bob, new SyncManagerOptions(_bobWs, _temp.Combine("projects")), state,
            new FileLineage(_temp.Combine("state", "lineage.json")), events,
            new SettingsHolder(SiloModSettings.Default), _signals, _presence, new ActiveSessions(), Substitute.For<ICheckpointOutbox>(), () => "bob",
            TimeProvider.System);
        var connected = Connected();
        await _manager.StartAsync();
        await connected;
    }

    [Fact]
    public async Task AlicePushesBodyClose_BobGetsTheFileWithTheSameHash()
    {
        var synced = _recorder.Next<FileSynced>();

        var hash = await AlicePushesAsync("alice's body v1");

        var signal = await synced;
        Assert.Equal((BobPath, true, "alice", "body_close"), (signal.Path, signal.IsCheckpoint, signal.CheckpointUser, signal.CheckpointContext));
        Assert.Equal(hash, (await FileHashes.Sha256Async(BobPath)).Sha256);
    }

    [Fact]
    public async Task BobHasTheFileOpen_DeferredThenDownloadedWhenClosed()
    {
        var synced = _recorder.Next<FileSynced>();
        await AlicePushesAsync("v1");
        await synced;
        _manager.ReportOpenFiles([BobPath]);
        var deferred = _recorder.Next<FileDeferred>();

        var hash = await AlicePushesAsync("v2 while bob has it open");

        await deferred;
        Assert.Equal("v1", File.ReadAllText(BobPath));
        var second = _recorder.Next<FileSynced>();
        _manager.ReportOpenFiles([]);
        await second;
        Assert.Equal(hash, (await FileHashes.Sha256Async(BobPath)).Sha256);
    }

    [Fact]
    public async Task BobEditedLocally_ConflictAndNotOverwritten()
    {
        var synced = _recorder.Next<FileSynced>();
        await AlicePushesAsync("v1");
        await synced;
        File.WriteAllText(BobPath, "bob's local edit");
        var conflict = _recorder.Next<FileConflict>();

        await AlicePushesAsync("v2");

        Assert.Equal(new FileConflict(Pn, BobPath, "local_modified"), await conflict);
        Assert.Equal("bob's local edit", File.ReadAllText(BobPath));
    }

    [Fact]
    public async Task DownloadCutMidBodyAndServerRestarted_CompletesAfterReconnect()
    {
        var content = new byte[4 * 1024 * 1024];
        new Random(7).NextBytes(content);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        _proxy.DropResponses(afterBytes: 256 * 1024, count: 1, method: "GET", path: $"/api/blobs/{hash}");
        // Spans a push, a cut download, a server restart and the reconnect: on a busy machine that is more than 10 s.
        var synced = _recorder.Next<FileSynced>(within: TimeSpan.FromSeconds(60));
        var stalled = _manager.StatusChanges.Where(s => s.Pending > 0).FirstAsync().Timeout(TimeSpan.FromSeconds(20)).ToTask();

        var source = _temp.Combine("alice", "big.FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        await File.WriteAllBytesAsync(source, content);
        await _alice.PushCheckpointAsync(Pn, source, CheckpointContexts.BodyClose);
        await stalled;
        await WaitUntilAsync(() => _proxy.RequestsTo("GET", $"/api/blobs/{hash}").Count >= 1);
        await _server.StopAsync();
        await _server.RestartAsync();

        await synced;
        Assert.Equal(hash, (await FileHashes.Sha256Async(BobPath)).Sha256);
        Assert.True(_proxy.RequestsTo("GET", $"/api/blobs/{hash}").Count >= 2, "the first download was not cut");
        Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(BobPath)!), f => f.EndsWith(".part", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AliceAcquiresThenReleases_BobsPresenceShowsThenClears()
    {
        var shown = _recorder.Next<PresenceChanged>(p => p.PartNumber == Pn);

        var session = await _alice.AcquireEditSessionAsync(Pn, _aliceWs, ContextLevels.Sketch, "Sketch001");

        await shown;
        var remote = Assert.Single(_presence.OthersForItem(Pn));
        Assert.Equal(("alice", "Sketch001", ContextLevels.Sketch), (remote.User, remote.ObjectId, remote.Level));
        var cleared = _recorder.Next<PresenceChanged>(p => p.PartNumber == Pn);

        await _alice.ReleaseEditSessionAsync(Pn, session.SessionId);

        await cleared;
        Assert.Empty(_presence.ForItem(Pn));
    }

    private async Task<string> AlicePushesAsync(string content)
    {
        var source = _temp.Combine("alice", Guid.NewGuid().ToString("N") + ".FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        await File.WriteAllTextAsync(source, content);
        // The server's clock is manual: without a step, two checkpoints share a timestamp and "newest" is a coin toss.
        _server.Clock.Advance(TimeSpan.FromSeconds(1));
        // alice builds on whatever is newest, as her own workbench would after syncing.
        var head = (await _alice.GetItemAsync(Pn)).Head;
        await _alice.PushCheckpointAsync(Pn, source, CheckpointContexts.BodyClose, lineage: new PushLineage(head?.Ref));
        return (await FileHashes.Sha256Async(source)).Sha256;
    }

    /// <summary>Connected, and the connection's reconcile settled (its diff read).</summary>
    private Task<SyncStatus> Connected() =>
        _manager.StatusChanges.Where(s => s.Connection == ConnectionState.Connected).FirstAsync().Timeout(TimeSpan.FromSeconds(20)).ToTask();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private ISiloClient ClientFor(string token, Uri baseAddress)
    {
        var services = new ServiceCollection();
        services.AddSiloClient(o =>
        {
            o.BaseAddress = baseAddress;
            o.Token = token;
            o.Timeout = TimeSpan.FromSeconds(30);
            o.MaxRetries = 0;
        });
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<ISiloClient>();
    }

    private static string Fingerprint(string seed) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed + Guid.NewGuid())));

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        foreach (var provider in _providers) await provider.DisposeAsync();
        await _proxy.DisposeAsync();
        await _server.DisposeAsync();
        _recorder.Dispose();
        _signals.Dispose();
        _temp.Dispose();
    }
}
