using Microsoft.Extensions.DependencyInjection;
using Silo.Client;
using Silo.Protocol.Checkpoints;
using Silo.Client.Http;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Host;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Tests.Support;
using SiloMod.Core.Lineage;

namespace SiloMod.Core.Tests.Integration;

/// <summary>Two users on two workstations, each with its own gate and outbox, against the real server on loopback.</summary>
public sealed class ContextGateIntegrationTests : IAsyncLifetime
{
    private const string Pn = "P-500";

    private readonly List<ServiceProvider> _providers = [];
    private readonly List<Workbench> _workbenches = [];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gate-it-" + Guid.NewGuid().ToString("N"));
    private SiloTestServer _server = null!;
    private Workbench _alice = null!;
    private Workbench _bob = null!;

    private static readonly EditingContext Body = new(ContextTypes.PartDesign, "Body");

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Pn);
        _alice = await WorkbenchForAsync("alice");
        _bob = await WorkbenchForAsync("bob");
    }

    public async Task DisposeAsync()
    {
        foreach (var workbench in _workbenches) await workbench.DisposeAsync();
        foreach (var provider in _providers) await provider.DisposeAsync();
        await _server.DisposeAsync();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private async Task<Workbench> WorkbenchForAsync(string user)
    {
        var token = await _server.CreateUserAsync(user, "editor");
        using var http = _server.Client(token);
        var workstation = await TestWorkstations.RegisterAsync(http, user + "-pc");
        var services = new ServiceCollection();
        services.AddSiloClient(o =>
        {
            o.BaseAddress = _server.BaseAddress;
            o.Token = token;
            o.Timeout = TimeSpan.FromSeconds(5);
            o.MaxRetries = 0;
            // The stopped-server test must see the server as soon as it is back, not after a break.
            o.CircuitBreakerEnabled = false;
        });
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        var workbench = new Workbench(provider.GetRequiredService<ISiloClient>(), workstation, user, Path.Combine(_dir, user));
        _workbenches.Add(workbench);
        return workbench;
    }

    private static Task<ContextDecision> Move(Workbench who, EditingContext from, EditingContext to, string? path = null) =>
        who.Hook.OnContextChangedAsync(new ContextChange(from, to, new TrackedDocument(Pn, path, Modified: true)));

    [Fact]
    public async Task EnterSketch_HeldByOtherUser_BlocksWithHolder()
    {
        var sketch = new EditingContext(ContextTypes.Sketcher, "Sketch001");
        var aliceEntry = await Move(_alice, Body, sketch);

        var bobEntry = await Move(_bob, Body, sketch);

        Assert.Equal(EntryVerdict.Allow, aliceEntry.Entry!.Verdict);
        Assert.Equal(EntryVerdict.Block, bobEntry.Entry!.Verdict);
        Assert.Equal("alice", bobEntry.Entry.Holder!.User);
        Assert.Equal(aliceEntry.Entry.SessionId, bobEntry.Entry.Holder.SessionId);
    }

    [Fact]
    public async Task EnterSketch_ConesSharingDownstreamFeatures_AllowsWithWarningNamingSharedNodes()
    {
        var soft = _bob.Signals.Next<SoftInterference>();
        await Move(_alice, Body, new EditingContext(ContextTypes.Sketcher, "Sketch001", ["Pad", "Fillet", "Chamfer"]));

        var bobEntry = await Move(_bob, Body, new EditingContext(ContextTypes.Sketcher, "Sketch002", ["Pocket", "Fillet", "Chamfer"]));

        Assert.Equal(EntryVerdict.AllowWithWarning, bobEntry.Entry!.Verdict);
        var conflict = Assert.Single(bobEntry.Entry.Conflicts!);
        Assert.Equal("alice", conflict.User);
        Assert.Equal(["Chamfer", "Fillet"], conflict.SharedNodes.Order(StringComparer.Ordinal));
        Assert.Equal("Sketch001", (await soft).ObjectId);
    }

    [Fact]
    public async Task LeaveBody_RealFile_ServerHoldsCheckpointAndSessionIsReleased()
    {
        var path = _alice.Save("body v1");
        var pushed = _alice.Signals.Next<CheckpointPushed>();
        await _alice.Outbox.StartAsync();
        var entry = await Move(_alice, EditingContext.Document, Body, path);
        Assert.Single(await _alice.Client.GetEditSessionsAsync(Pn));

        var exit = await Move(_alice, Body, EditingContext.Document, path);
        Assert.Equal(ExitAction.Checkpoint, exit.Exit!.Action);
        Assert.Equal(entry.Entry!.SessionId, exit.Exit.SessionId);
        await _alice.Outbox.EnqueueAsync(new CheckpointSubmission(Pn, path, exit.Exit.Context!, exit.Exit.SessionId,
            new Dag([new DagNode("Body", "PartDesign::Body"), new DagNode("Pad", "PartDesign::Pad")], [new DagEdge("Body", "Pad")])));

        var signal = await pushed;
        var latest = await _alice.Client.GetLatestCheckpointAsync(Pn);
        Assert.Equal((signal.CheckpointId, "body_close", Sha("body v1")), (latest!.Id, latest.Context, latest.FileHash));
        Assert.Empty(await _alice.Client.GetEditSessionsAsync(Pn));
    }

    [Fact]
    public async Task ServerStopped_OfflineEditCheckpoint_WaitsInOutboxAndIsPushedWhenServerReturns()
    {
        var path = _alice.Save("offline work");
        var queued = _alice.Signals.Next<CheckpointQueued>();
        var pushed = _alice.Signals.Next<CheckpointPushed>();
        await _alice.Outbox.StartAsync();
        await _server.StopAsync();

        var entry = await Move(_alice, EditingContext.Document, Body, path);
        var exit = await Move(_alice, Body, EditingContext.Document, path);
        await _alice.Outbox.EnqueueAsync(new CheckpointSubmission(Pn, path, exit.Exit!.Context!, exit.Exit.SessionId, Dag: null));
        await queued;

        Assert.Equal(EntryVerdict.AllowOffline, entry.Entry!.Verdict);
        Assert.Equal(new ExitDecision(ExitAction.Checkpoint, "body_close", null), exit.Exit);
        Assert.Equal(1, _alice.Outbox.PendingCount);

        await _server.RestartAsync();
        _alice.Outbox.Nudge();

        Assert.Equal(Sha("offline work"), (await pushed).FileHash);
        Assert.Equal(Sha("offline work"), (await _alice.Client.GetLatestCheckpointAsync(Pn))!.FileHash);
        Assert.Equal(0, _alice.Outbox.PendingCount);
    }

    private static string Sha(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));

    /// <summary>One user's side: the gate and outbox as the workbench composes them.</summary>
    private sealed class Workbench : IAsyncDisposable
    {
        private readonly string _dir;

        public Workbench(ISiloClient client, string workstationId, string user, string dir)
        {
            _dir = Directory.CreateDirectory(dir).FullName;
            Client = client;
            // Retries wait on a clock nobody advances: only Nudge (or the first try) pushes, so the test decides when.
            var clock = TestClock.New();
            Lineage = new FileLineage(Path.Combine(dir, "state", "lineage.json"), clock);
            Outbox = new CheckpointOutbox(Path.Combine(dir, "state"), client, Signals, Lineage, clock, new CheckpointOutboxOptions { UserName = user });
            Hook = new ContextSyncHook(client, new SettingsHolder(SiloModSettings.Default), new ActiveSessions(), Lineage, Signals,
                new ContextSyncHookOptions { WorkstationId = workstationId, UserName = user });
        }

        public ISiloClient Client { get; }

        public SignalHub Signals { get; } = new();

        public CheckpointOutbox Outbox { get; }

        public FileLineage Lineage { get; }

        public ContextSyncHook Hook { get; }

        public string Save(string content)
        {
            var path = Path.Combine(_dir, Pn + ".FCStd");
            File.WriteAllText(path, content);
            return path;
        }

        public async ValueTask DisposeAsync()
        {
            await Outbox.DisposeAsync();
            Signals.Dispose();
        }
    }
}
