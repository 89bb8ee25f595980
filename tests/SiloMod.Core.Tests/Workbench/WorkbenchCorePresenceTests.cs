using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Silo.Testing;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;
using SiloMod.Core.Tests.Support;
using SiloMod.Core.Workbench;

namespace SiloMod.Core.Tests.Workbench;

/// <summary>
/// Presence after a late connect and cards that settle, with two real cores on the real server:
/// alice holds a session before bob's core exists; bob neither subscribes nor edits, he only has
/// the item open.
/// </summary>
#pragma warning disable CA1001 // xunit disposes them through IAsyncLifetime.DisposeAsync.
public sealed class WorkbenchCorePresenceTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Pn = "PRT-LATE";
    private const string Other = "PRT-ELSEWHERE";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly TempFolder _temp = new();
    private readonly List<WorkbenchCore> _cores = [];
    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Pn);
    }

    [Fact]
    public async Task ReportOpenItems_SessionsBeganBeforeConnect_ShowInPresence()
    {
        var alice = await StartAsync("alice");
        var sketch = new EditingContext(ContextTypes.Sketcher, "Sketch");
        var entered = await alice.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, Doc("alice")));
        Assert.Equal(EntryVerdict.Allow, entered.Entry!.Verdict);

        var bob = await StartAsync("bob");
        var changed = bob.SignalHub.PresenceChanged.Where(p => p.PartNumber == Pn).FirstAsync().ToTask();
        bob.ReportOpenItems([Pn]);
        await changed.WaitAsync(Wait);

        var entry = Assert.Single(bob.Presence(Pn));
        Assert.Equal("alice", entry.User);
        Assert.Equal("Sketch", entry.ObjectId);
    }

    [Fact]
    public async Task ReportOpenItems_LaterSessions_ShowLiveForOpenItemsOnly()
    {
        await _server.CreateItemAsync(Other);
        var alice = await StartAsync("alice");
        var bob = await StartAsync("bob");
        bob.ReportOpenItems([Pn]);

        // Alice edits an item bob neither follows nor has open, then the one he has open. Whether
        // bob's report reached the server before or after, he learns of the second (by the event or
        // by the read that follows the report), and the stream's order puts the first before it.
        var sketch = new EditingContext(ContextTypes.Sketcher, "Sketch");
        await alice.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, new TrackedDocument(Other, _temp.Combine("alice", "other.FCStd"), false)));
        var changed = bob.SignalHub.PresenceChanged.Where(p => p.PartNumber == Pn).FirstAsync().ToTask();
        await alice.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, Doc("alice")));
        await changed.WaitAsync(Wait);

        Assert.Equal("alice", Assert.Single(bob.Presence(Pn)).User);
        Assert.Empty(bob.Presence(Other));
        Assert.Equal([Pn], bob.Presence().Select(p => p.PartNumber));
    }

    [Fact]
    public async Task SubscribeAsync_ItemBeingEdited_ShowsItsSessionInPresence()
    {
        var alice = await StartAsync("alice");
        var sketch = new EditingContext(ContextTypes.Sketcher, "Sketch");
        await alice.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, Doc("alice")));
        var bob = await StartAsync("bob");
        Assert.Empty(bob.Presence(Pn));

        var changed = bob.SignalHub.PresenceChanged.Where(p => p.PartNumber == Pn).FirstAsync().ToTask();
        await bob.SubscribeAsync("item", Pn, "latest");
        await changed.WaitAsync(Wait);

        Assert.Equal("alice", Assert.Single(bob.Presence(Pn)).User);
    }

    [Fact]
    public async Task PresenceOfAsync_ItemsNotFollowed_ReadsOtherUsersSessionsFromTheServer()
    {
        await _server.CreateItemAsync(Other);
        var alice = await StartAsync("alice");
        var bob = await StartAsync("bob");
        var sketch = new EditingContext(ContextTypes.Sketcher, "Sketch");
        await alice.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, Doc("alice")));
        await bob.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, new TrackedDocument(Other, _temp.Combine("bob", "other.FCStd"), false)));

        var found = await bob.PresenceOfAsync([Pn, Other, "NO-SUCH"]);

        var entry = Assert.Single(found);
        Assert.Equal((Pn, "alice", "Sketch", "sketch"), (entry.PartNumber, entry.User, entry.ObjectId, entry.ContextLevel));
    }

    [Fact]
    public async Task RequestHandoffThenRelease_BlockedSideHearsHandoffSentThenSessionEnded()
    {
        var alice = await StartAsync("alice");
        var bob = await StartAsync("bob");
        var sketch = new EditingContext(ContextTypes.Sketcher, "Sketch");
        var entered = await alice.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, Doc("alice")));
        var blocked = await bob.ContextChangedAsync(new ContextChange(EditingContext.Document, sketch, Doc("bob")));
        var holderSession = blocked.Entry!.Holder!.SessionId!;
        Assert.Equal(entered.Entry!.SessionId, holderSession);

        var sent = bob.SignalHub.All.OfType<HandoffSent>().FirstAsync().ToTask();
        await bob.RequestHandoffAsync(Pn, holderSession);
        var handoff = await sent.WaitAsync(Wait);
        Assert.Equal(("alice", holderSession, "Sketch"), (handoff.HolderUser, handoff.SessionId, handoff.ObjectId));

        // alice leaves with pushing off: the core releases her session itself, and both sides hear of it.
        alice.UpdateSettings(alice.Settings with { PushOnContextClose = false });
        var bobHears = bob.SignalHub.All.OfType<SessionEnded>().Where(s => s.SessionId == holderSession).FirstAsync().ToTask();
        var aliceHears = alice.SignalHub.All.OfType<SessionEnded>().Where(s => s.SessionId == holderSession).FirstAsync().ToTask();
        await alice.ContextChangedAsync(new ContextChange(sketch, EditingContext.Document, Doc("alice")));
        var ended = await bobHears.WaitAsync(Wait);
        await aliceHears.WaitAsync(Wait);
        Assert.Equal(("alice", "Sketch"), (ended.User, ended.ObjectId));
    }

    private async Task<WorkbenchCore> StartAsync(string user)
    {
        var token = await _server.CreateUserAsync(user, "editor");
        var core = await WorkbenchCore.StartAsync(new WorkbenchOptions(_server.BaseAddress, token, _temp.Combine(user, "state"), _temp.Combine(user, "projects"))
        {
            ReconnectDelay = TimeSpan.FromMilliseconds(200),
        });
        _cores.Add(core);
        await core.StatusChanges.Where(s => s.Connection == Silo.Client.Events.ConnectionState.Connected).FirstAsync().ToTask().WaitAsync(Wait);
        return core;
    }

    private TrackedDocument Doc(string user) => new(Pn, _temp.Combine(user, "work", "late.FCStd"), Modified: false);

    public async Task DisposeAsync()
    {
        foreach (var core in _cores) await core.DisposeAsync();
        await _server.DisposeAsync();
        _temp.Dispose();
    }
}
