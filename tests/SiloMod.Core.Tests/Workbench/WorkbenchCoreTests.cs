using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Security.Cryptography;
using Silo.Protocol.Checkpoints;
using Silo.Client.Events;
using Silo.Client.Files;
using Silo.Protocol.Subscriptions;
using Silo.Testing;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;
using SiloMod.Core.Tests.Support;
using SiloMod.Core.Workbench;

namespace SiloMod.Core.Tests.Workbench;

/// <summary>
/// Two complete cores, alice's and bob's, each with its own state folder, against the real server
/// on loopback. The test plays both hosts: it reports context changes and performs the decisions.
/// </summary>
#pragma warning disable CA1001 // xunit disposes them through IAsyncLifetime.DisposeAsync.
public sealed class WorkbenchCoreTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Pn = "PRT-100";
    private const string Category = "Brackets";
    private const string Description = "Mounting bracket";

    private readonly TempFolder _temp = new();
    private readonly List<WorkbenchCore> _cores = [];
    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Pn, Category, "Rover", Description);
    }

    [Fact]
    public async Task StartAsync_ResolvesUserAndRegistersTheWorkstation()
    {
        var alice = await StartAsync("alice");

        Assert.Equal("alice", alice.Identity.User);
        Assert.False(string.IsNullOrEmpty(alice.Identity.WorkstationId));
        await alice.DisposeAsync();
        // A second start over the same state folder is the same workstation, not a new registration.
        var again = await StartAsync("alice", token: _tokens["alice"]);
        Assert.Equal(alice.Identity.WorkstationId, again.Identity.WorkstationId);
    }

    [Fact]
    public async Task StartAsync_LargeLeftoversOfAKilledRun_RemovedAndToldOnce()
    {
        var guid = Guid.NewGuid().ToString("N");
        var download = Put(_temp.Combine("alice", "projects", Category, $".PRT-100_Mounting bracket.FCStd.{guid}.part"), 2 * 1024 * 1024);
        var state = Put(_temp.Combine("alice", "state", $".sync-state.json.{guid}.tmp"), 100);
        var users = Put(_temp.Combine("alice", "projects", Category, "notes.part"), 10);

        var alice = await StartAsync("alice");
        // Subscribed once the core runs, as the host does: the notice was published before, and still reaches it.
        var notice = await alice.Signals.OfType<LeftoversRemoved>().FirstAsync().Timeout(TimeSpan.FromSeconds(10));

        Assert.Equal((2, 1, 2L * 1024 * 1024 + 100), (notice.Files, notice.Downloads, notice.Bytes));
        Assert.StartsWith("Removed 1 unfinished download and 1 half-written file (2 MB)", notice.Message, StringComparison.Ordinal);
        Assert.Equal((false, false, true), (File.Exists(download), File.Exists(state), File.Exists(users)));
    }

    [Fact]
    public async Task StartAsync_SmallLeftovers_RemovedWithoutANotice()
    {
        var leftover = Put(_temp.Combine("alice", "state", $".lineage.json.{Guid.NewGuid():N}.tmp"), 1000);

        var alice = await StartAsync("alice");
        var seen = new List<LeftoversRemoved>();
        // Notices reach a subscriber as it subscribes (see the test above): none came, none will.
        using (alice.Signals.OfType<LeftoversRemoved>().Subscribe(seen.Add)) Assert.Empty(seen);

        Assert.False(File.Exists(leftover));
    }

    private static string Put(string path, int size)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[size]);
        return path;
    }

    [Fact]
    public async Task HandoffRoundTrip_BlockedRequestReleaseNowCheckpointThenAcquire()
    {
        var alice = await StartAsync("alice");
        var bob = await StartAsync("bob");
        using var aliceSignals = new SignalRecorder(alice.SignalHub);
        var aliceFile = WriteDocument("alice", "first state");
        var sketch = new EditingContext(ContextTypes.Sketcher, "Sketch", ["Pad", "Fillet"]);

        var entered = await alice.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, Doc(aliceFile, modified: false)));
        Assert.Equal(EntryVerdict.Allow, entered.Entry!.Verdict);

        var blocked = await bob.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, Doc(WriteDocument("bob", "bob"), modified: false)));
        Assert.Equal(EntryVerdict.Block, blocked.Entry!.Verdict);
        Assert.Equal("alice", blocked.Entry.Holder!.User);
        Assert.Equal(entered.Entry.SessionId, blocked.Entry.Holder.SessionId);

        var handoff = aliceSignals.Next<HandoffRequested>();
        await bob.RequestHandoffAsync(Pn, blocked.Entry.Holder.SessionId!);
        var request = await handoff;
        Assert.Equal("bob", request.Requester);
        Assert.Equal(entered.Entry.SessionId, request.SessionId);

        var leave = aliceSignals.Next<LeaveContextRequested>();
        await alice.ReleaseNowAsync(request.SessionId);
        Assert.Equal("Sketch", (await leave).ObjectId);

        // Alice's host leaves the sketch with unsaved work: the core asks for a checkpoint carrying the session.
        await File.WriteAllTextAsync(aliceFile, "alice's finished sketch");
        var left = await alice.ContextChangedAsync(new ContextChange(sketch, EditingContext.Document, Doc(aliceFile, modified: true)));
        Assert.Equal(ExitAction.Checkpoint, left.Exit!.Action);
        Assert.Equal(entered.Entry.SessionId, left.Exit.SessionId);
        var pushed = aliceSignals.Next<CheckpointPushed>();
        await alice.SubmitCheckpointAsync(new CheckpointSubmission(Pn, aliceFile, left.Exit.Context!, left.Exit.SessionId, SketchDag()));
        Assert.Equal(Sha256(aliceFile), (await pushed).FileHash);

        var retried = await bob.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, Doc(WriteDocument("bob", "bob"), modified: false)));
        Assert.Equal(EntryVerdict.Allow, retried.Entry!.Verdict);
        Assert.Empty(alice.HeldSessions);
    }

    [Fact]
    public async Task AliceLeavesTheBody_SubscribedBobGetsTheSameFileUntouched()
    {
        var alice = await StartAsync("alice");
        var bob = await StartAsync("bob");
        await bob.SubscribeAsync(SubscriptionTypes.Item, Pn, RevisionPolicies.Latest);
        await bob.StatusChanges.FirstAsync(s => s.Connection == ConnectionState.Connected).Timeout(TimeSpan.FromSeconds(10));
        using var bobSignals = new SignalRecorder(bob.SignalHub);
        var synced = bobSignals.Next<FileSynced>();
        var aliceFile = WriteDocument("alice", "the bracket, version 2");
        var body = new EditingContext(ContextTypes.PartDesign, "Body");

        Assert.Equal(EntryVerdict.Allow, (await alice.ContextChangedAsync(new ContextChange(EditingContext.Document, body, Doc(aliceFile, false)))).Entry!.Verdict);
        var exit = (await alice.ContextChangedAsync(new ContextChange(body, EditingContext.Document, Doc(aliceFile, true)))).Exit!;
        Assert.Equal(CheckpointContexts.BodyClose, exit.Context);
        await alice.SubmitCheckpointAsync(new CheckpointSubmission(Pn, aliceFile, exit.Context!, exit.SessionId, SketchDag()));

        var file = await synced;
        var expectedPath = SubscriptionPaths.SubscriptionFilePath(_temp.Combine("bob", "projects"), Category, Pn, Description);
        Assert.Equal(expectedPath, file.Path);
        Assert.True(file.IsCheckpoint);
        Assert.Equal("alice", file.CheckpointUser);
        Assert.Equal(Sha256(aliceFile), Sha256(expectedPath));
    }

    [Fact]
    public async Task BobEditsOfflineThenTheServerReturns_CheckpointPushedFromTheOutbox()
    {
        var bob = await StartAsync("bob", reconnect: TimeSpan.FromMilliseconds(100));
        using var signals = new SignalRecorder(bob.SignalHub);
        await _server.StopAsync();
        var file = WriteDocument("bob", "made on the train");
        var body = new EditingContext(ContextTypes.PartDesign, "Body");

        Assert.Equal(EntryVerdict.AllowOffline, (await bob.ContextChangedAsync(new ContextChange(EditingContext.Document, body, Doc(file, false)))).Entry!.Verdict);
        var exit = (await bob.ContextChangedAsync(new ContextChange(body, EditingContext.Document, Doc(file, true)))).Exit!;
        Assert.Equal(ExitAction.Checkpoint, exit.Action);
        var pushed = signals.Next<CheckpointPushed>();
        await bob.SubmitCheckpointAsync(new CheckpointSubmission(Pn, file, exit.Context!, exit.SessionId, SketchDag()));
        Assert.Equal(1, bob.Status.Checkpoints);

        await _server.RestartAsync();
        Assert.Equal(Sha256(file), (await pushed).FileHash);
        await bob.StatusChanges.FirstAsync(s => s.Checkpoints == 0).Timeout(TimeSpan.FromSeconds(10));
    }

    private readonly Dictionary<string, string> _tokens = [];

    private async Task<WorkbenchCore> StartAsync(string user, string? token = null, TimeSpan? reconnect = null)
    {
        token ??= _tokens[user] = await _server.CreateUserAsync(user, "editor");
        var core = await WorkbenchCore.StartAsync(new WorkbenchOptions(_server.BaseAddress, token, _temp.Combine(user, "state"), _temp.Combine(user, "projects"))
        {
            ReconnectDelay = reconnect ?? TimeSpan.FromMilliseconds(200),
            // The breaker opens while the server is down; a short break lets the test see recovery quickly.
            ConfigureClient = o => o.CircuitBreakerBreakDuration = TimeSpan.FromMilliseconds(500),
        });
        _cores.Add(core);
        return core;
    }

    private static TrackedDocument Doc(string path, bool modified) => new(Pn, path, modified);

    private string WriteDocument(string user, string content)
    {
        var path = _temp.Combine(user, "work", "bracket.FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static Dag SketchDag() =>
        new([new DagNode("Sketch", "Sketcher::SketchObject"), new DagNode("Pad", "PartDesign::Pad"), new DagNode("Fillet", "PartDesign::Fillet")],
            [new DagEdge("Sketch", "Pad"), new DagEdge("Pad", "Fillet")]);

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    public async Task DisposeAsync()
    {
        foreach (var core in _cores) await core.DisposeAsync();
        await _server.DisposeAsync();
        _temp.Dispose();
    }
}
