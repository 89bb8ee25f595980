using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Security.Cryptography;
using Silo.Protocol.Lineage;
using Silo.Protocol.Subscriptions;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;
using SiloMod.Core.Tests.Support;
using SiloMod.Core.Workbench;

namespace SiloMod.Core.Tests.Workbench;

/// <summary>
/// No stale file replaces newer work: whole cores against the real server, the test playing each
/// user's host. alice and bob edit different objects of one part from the same version.
/// </summary>
#pragma warning disable CA1001 // xunit disposes them through IAsyncLifetime.DisposeAsync.
public sealed class WorkbenchLineageTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Pn = "PRT-300";

    private static readonly EditingContext Body = new(ContextTypes.PartDesign, "Body");
    private static readonly EditingContext Sketch = new(ContextTypes.Sketcher, "Sketch");

    private readonly TempFolder _temp = new();
    private readonly List<WorkbenchCore> _cores = [];
    private readonly List<FaultProxy> _proxies = [];
    private readonly Dictionary<string, string> _tokens = [];
    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Pn, "Brackets", "Rover", "Bracket");
    }

    public async Task DisposeAsync()
    {
        foreach (var core in _cores) await core.DisposeAsync();
        foreach (var proxy in _proxies) await proxy.DisposeAsync();
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private async Task<WorkbenchCore> StartAsync(string user, Uri? through = null)
    {
        _tokens[user] = await _server.CreateUserAsync(user, "editor");
        var core = await WorkbenchCore.StartAsync(new WorkbenchOptions(through ?? _server.BaseAddress, _tokens[user], _temp.Combine(user, "state"),
            _temp.Combine(user, "projects"))
        {
            ReconnectDelay = TimeSpan.FromMilliseconds(100),
            ConfigureClient = o =>
            {
                o.MaxRetries = 0;
                o.Timeout = TimeSpan.FromSeconds(5);
                o.CircuitBreakerEnabled = false;
            },
        });
        _cores.Add(core);
        return core;
    }

    private string Document(string user, string content)
    {
        var path = _temp.Combine(user, "work", "PRT-300.FCStd");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static TrackedDocument Doc(string path, bool modified) => new(Pn, path, modified);

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static Task<T> Next<T>(WorkbenchCore core) where T : SiloModSignal =>
        core.Signals.OfType<T>().FirstAsync().Timeout(TimeSpan.FromSeconds(20)).ToTask();

    /// <summary>The host's part of an edit: enter, change the file, leave, save and hand over what the core asks for.</summary>
    private static async Task<ContextDecision> EditAsync(WorkbenchCore core, string path, EditingContext context, string newContent, Func<Task>? whileInside = null)
    {
        var entered = await core.ContextChangedAsync(new ContextChange(EditingContext.Document, context, Doc(path, modified: false)));
        if (entered.Entry?.Stale is not null) await core.EditAnywayAsync(Pn);
        if (whileInside is not null) await whileInside();
        await File.WriteAllTextAsync(path, newContent);
        var left = await core.ContextChangedAsync(new ContextChange(context, EditingContext.Document, Doc(path, modified: true)));
        if (left.Exit is { HandsOver: true } exit)
            await core.SubmitCheckpointAsync(exit.Submission(Pn, path, dag: null));
        return entered;
    }

    private async Task<IReadOnlyList<ItemVersion>> VersionsAsync()
    {
        using var client = Silo.Client.Http.StandaloneSiloClient.Create(o =>
        {
            o.BaseAddress = _server.BaseAddress;
            o.Token = _server.AdminToken;
        });
        return await client.Client.ListVersionsAsync(Pn);
    }

    /// <summary>alice pushes X; bob starts from a copy of X; while bob is in the body, alice pushes Y from the sketch; bob's exit is refused.</summary>
    private async Task<(WorkbenchCore Alice, WorkbenchCore Bob, string AliceFile, string BobFile, PushConflict Conflict)> StaleBobAsync()
    {
        var alice = await StartAsync("alice");
        var bob = await StartAsync("bob");
        var aliceFile = Document("alice", "X");
        var pushedX = Next<CheckpointPushed>(alice);
        await EditAsync(alice, aliceFile, Body, "X: the bracket");
        await pushedX;
        var bobFile = Document("bob", "X: the bracket");

        var conflict = Next<PushConflict>(bob);
        var pushedY = Next<CheckpointPushed>(alice);
        var bobEntered = await EditAsync(bob, bobFile, Body, "X + bob's fillet", whileInside: async () =>
        {
            await EditAsync(alice, aliceFile, Sketch, "X + alice's sketch");
            await pushedY;
        });
        Assert.Null(bobEntered.Entry!.Stale);
        return (alice, bob, aliceFile, bobFile, await conflict);
    }

    [Fact]
    public async Task StalePush_IsRefusedKeptBesideTheDocumentAndTheSessionReleased()
    {
        var (alice, bob, aliceFile, bobFile, conflict) = await StaleBobAsync();

        Assert.Equal(bobFile, conflict.SourcePath);
        Assert.Equal("X + bob's fillet", await File.ReadAllTextAsync(bobFile));
        Assert.Equal("X + bob's fillet", await File.ReadAllTextAsync(conflict.CopyPath!));
        Assert.Matches(@"PRT-300 \(conflict copy, bob, \d{4}-\d\d-\d\d \d\d-\d\d\)\.FCStd$", conflict.CopyPath);
        Assert.Equal("alice", conflict.Head!.User);
        Assert.Contains("alice's checkpoint body_close", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(Sha(aliceFile), (await VersionsAsync())[0].FileHash);
        Assert.Equal(1, bob.Status.PushConflicts);
        Assert.Equal(0, bob.Status.Checkpoints);
        Assert.Single(bob.PushConflicts());
        Assert.Empty(bob.HeldSessions);
        // The release follows the refusal's signal, and alice hears of it through her event stream: waited for, not assumed.
        await PresenceWithoutAsync(alice, "bob");
        Assert.DoesNotContain(alice.Presence(Pn), p => p.User == "bob");
    }

    /// <summary>Completes once <paramref name="core"/> shows no session of <paramref name="user"/> on the part (now or after a presence change).</summary>
    private static async Task PresenceWithoutAsync(WorkbenchCore core, string user) =>
        await core.Signals.OfType<PresenceChanged>().Select(_ => 0)
            // Subscribed after the changes, so a change between the look and the subscription is not missed.
            .Merge(Observable.Defer(() => Observable.Return(0)))
            .Where(_ => core.Presence(Pn).All(p => p.User != user))
            .FirstAsync().Timeout(SignalAwaiter.SafetyNet);

    [Fact]
    public async Task ResolvePushConflict_OverwriteTheirs_MakesMineTheHeadAndKeepsTheirs()
    {
        var (_, bob, aliceFile, bobFile, conflict) = await StaleBobAsync();
        var pushed = Next<CheckpointPushed>(bob);

        await bob.ResolvePushConflictAsync(Pn, PushConflictChoice.OverwriteTheirs);

        var overwrite = await pushed;
        Assert.True(overwrite.Overwrote);
        var versions = await VersionsAsync();
        Assert.Equal(Sha(bobFile), versions[0].FileHash);
        Assert.Equal(Sha(aliceFile), versions[1].FileHash);
        Assert.Equal(versions[1].Version, versions[0].Replaced?.Version);
        Assert.True(versions[1].Available);
        Assert.False(File.Exists(conflict.CopyPath));
        Assert.Equal(0, bob.Status.PushConflicts);
        Assert.Empty(bob.PushConflicts());
    }

    [Fact]
    public async Task ResolvePushConflict_KeepAsCopy_BringsTheDocumentToTheHeadAndKeepsMine()
    {
        var (_, bob, aliceFile, bobFile, conflict) = await StaleBobAsync();
        var replaced = Next<DocumentReplaced>(bob);

        var said = await bob.ResolvePushConflictAsync(Pn, PushConflictChoice.KeepAsCopy);

        Assert.Equal(bobFile, (await replaced).Path);
        Assert.Equal(Sha(aliceFile), Sha(bobFile));
        Assert.Equal("X + bob's fillet", await File.ReadAllTextAsync(conflict.CopyPath!));
        Assert.Contains(conflict.CopyPath!, said, StringComparison.Ordinal);
        // The document is on the head now: entering it again asks nothing.
        var again = await bob.ContextChangedAsync(new ContextChange(EditingContext.Document, Body, Doc(bobFile, modified: false)));
        Assert.Null(again.Entry!.Stale);
        Assert.Equal(2, (await VersionsAsync()).Count);
    }

    [Fact]
    public async Task ResolvePushConflict_DiscardMine_BringsTheDocumentToTheHeadAndDropsTheCopy()
    {
        var (_, bob, aliceFile, bobFile, conflict) = await StaleBobAsync();

        await bob.ResolvePushConflictAsync(Pn, PushConflictChoice.DiscardMine);

        Assert.Equal(Sha(aliceFile), Sha(bobFile));
        Assert.False(File.Exists(conflict.CopyPath));
        Assert.Equal(0, bob.Status.PushConflicts);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bob.ResolvePushConflictAsync(Pn, PushConflictChoice.DiscardMine));
    }

    [Fact]
    public async Task OfflineWork_OnXWhileAnotherPushedYOnX_IsRefusedAfterReconnectAndBothAreKept()
    {
        var proxy = FaultProxy.Start(_server.BaseAddress);
        _proxies.Add(proxy);
        var alice = await StartAsync("alice", through: proxy.BaseAddress);
        var bob = await StartAsync("bob");
        var aliceFile = Document("alice", "X");
        var pushedX = Next<CheckpointPushed>(alice);
        await EditAsync(alice, aliceFile, Body, "X");
        await pushedX;
        var bobFile = Document("bob", "X");

        proxy.DropConnections();
        var offline = await EditAsync(alice, aliceFile, Body, "X + alice's offline pocket");
        Assert.Equal(EntryVerdict.AllowOffline, offline.Entry!.Verdict);
        Assert.Equal(1, alice.Status.Checkpoints);
        var pushedY = Next<CheckpointPushed>(bob);
        await EditAsync(bob, bobFile, Body, "X + bob's hole pattern");
        await pushedY;

        var conflict = Next<PushConflict>(alice);
        proxy.PassThrough();
        var refused = await conflict;

        // Both versions derived from X survive: bob's on the server as the head, alice's on her disk, twice.
        var head = (await VersionsAsync())[0];
        Assert.Equal((Sha(bobFile), "bob"), (head.FileHash, head.User));
        Assert.Equal("X + alice's offline pocket", await File.ReadAllTextAsync(aliceFile));
        Assert.Equal("X + alice's offline pocket", await File.ReadAllTextAsync(refused.CopyPath!));
        Assert.Equal("bob", refused.Head!.User);
        Assert.Equal(0, alice.Status.Checkpoints);
        Assert.Equal(1, alice.Status.PushConflicts);
    }

    [Fact]
    public async Task PushConflict_AfterARestart_IsStillOfferedAndCanBeSettled()
    {
        var (_, bob, _, bobFile, conflict) = await StaleBobAsync();
        await bob.DisposeAsync();
        _cores.Remove(bob);

        var again = await WorkbenchCore.StartAsync(new WorkbenchOptions(_server.BaseAddress, _tokens["bob"], _temp.Combine("bob", "state"),
            _temp.Combine("bob", "projects")));
        _cores.Add(again);

        Assert.Equal(conflict.CopyPath, Assert.Single(again.PushConflicts()).CopyPath);
        Assert.Equal(1, again.Status.PushConflicts);
        var pushed = Next<CheckpointPushed>(again);
        await again.ResolvePushConflictAsync(Pn, PushConflictChoice.OverwriteTheirs);
        Assert.Equal(Sha(bobFile), (await pushed).FileHash);
    }

    [Fact]
    public async Task UpdateDocument_LocalBytesNoVersionHolds_AreKeptAsACopyFirst()
    {
        var alice = await StartAsync("alice");
        var bob = await StartAsync("bob");
        var aliceFile = Document("alice", "X");
        var pushed = Next<CheckpointPushed>(alice);
        await EditAsync(alice, aliceFile, Body, "X");
        await pushed;
        var bobFile = Document("bob", "bob's own start, never pushed");

        var entered = await bob.ContextChangedAsync(new ContextChange(EditingContext.Document, Body, Doc(bobFile, modified: false)));
        Assert.NotNull(entered.Entry!.Stale);
        await bob.ContextChangedAsync(new ContextChange(Body, EditingContext.Document, Doc(bobFile, modified: false)));
        var replaced = await bob.UpdateDocumentAsync(Pn, bobFile);

        Assert.Equal(Sha(aliceFile), Sha(bobFile));
        Assert.Equal("bob's own start, never pushed", await File.ReadAllTextAsync(replaced.CopyPath!));
        Assert.StartsWith("alice's checkpoint body_close", replaced.Version, StringComparison.Ordinal);
        Assert.Null((await bob.ContextChangedAsync(new ContextChange(EditingContext.Document, Body, Doc(bobFile, modified: false)))).Entry!.Stale);
    }

    [Fact]
    public async Task Subscriber_GetsTheOverwriteAsAnOrdinaryUpdateButNeverTheRefusedPush()
    {
        var carol = await StartAsync("carol");
        await carol.SubscribeAsync(SubscriptionTypes.Item, Pn, RevisionPolicies.Latest);
        var gotAlices = carol.Signals.OfType<FileSynced>().Where(s => File.ReadAllText(s.Path) == "X + alice's sketch")
            .FirstAsync().Timeout(TimeSpan.FromSeconds(20)).ToTask();
        var (_, bob, aliceFile, bobFile, _) = await StaleBobAsync();
        var synced = await gotAlices;
        // bob's refused push never reached anyone: carol holds alice's bytes.
        Assert.Equal(Sha(aliceFile), Sha(synced.Path));

        var overwritten = carol.Signals.OfType<FileSynced>().Where(s => s.CheckpointUser == "bob").FirstAsync().Timeout(TimeSpan.FromSeconds(20)).ToTask();
        await bob.ResolvePushConflictAsync(Pn, PushConflictChoice.OverwriteTheirs);

        Assert.Equal(Sha(bobFile), Sha((await overwritten).Path));
    }
}
