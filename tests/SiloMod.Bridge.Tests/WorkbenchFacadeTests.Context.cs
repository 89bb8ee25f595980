using NSubstitute;
using Silo.Protocol.EditSessions;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;

namespace SiloMod.Bridge.Tests;

/// <summary>The facade's context members: facts in, commands out, each move asked of the core running then.</summary>
public sealed partial class WorkbenchFacadeTests
{
    private static readonly ContextFacts InBody = new("Unnamed", "P-1", "/p/P-1.FCStd", true, ActiveBody: new BodyFact("Body", ["Pad"]));
    private static readonly ContextFacts AtDocument = new("Unnamed", "P-1", "/p/P-1.FCStd", true);

    private void StartAnsweringIgnored()
    {
        _core.ContextChangedAsync(Arg.Any<ContextChange>(), Arg.Any<CancellationToken>()).Returns(ContextDecision.Ignored);
        _facade.Start(Request);
    }

    [Fact]
    public void ContextObserved_BodyActivated_AsksTheCoreAboutTheEntryWithItsCone()
    {
        StartAnsweringIgnored();

        Assert.Empty(_facade.ContextObserved(InBody));

        _core.Received(1).ContextChangedAsync(
            Arg.Is<ContextChange>(c => c.Old == EditingContext.Document && c.New.ObjectId == "Body" && c.New.DependencyCone!.SequenceEqual(new[] { "Pad" })
                && c.Document == new TrackedDocument("P-1", "/p/P-1.FCStd", true)),
            Arg.Any<CancellationToken>());
        Assert.Equal([new EditingContext(ContextTypes.PartDesign, "Body")], _facade.EnteredContexts("Unnamed").Select(c => c with { DependencyCone = null }));
    }

    [Fact]
    public void ContextObserved_EntryBlocked_ShowsTheHolderAsTheCoreGaveIt_WithItsTime()
    {
        _facade.Start(Request);
        var holder = new EditSessionHolder("s-9", "bob", "ws-bob", "sketch", "Sketch001", T0);
        _core.ContextChangedAsync(Arg.Any<ContextChange>(), Arg.Any<CancellationToken>())
            .Returns(new ContextDecision(Entry: new EntryDecision(EntryVerdict.Block, Holder: holder, Message: "bob edits Sketch001")));

        var commands = _facade.ContextObserved(InBody);

        var blocked = Assert.Single(commands.OfType<ShowBlocked>());
        Assert.Same(holder, blocked.Holder);
        Assert.Equal(T0.Offset, blocked.Holder!.AcquiredAt.Offset);
        Assert.Equal(("P-1", "bob edits Sketch001"), (blocked.PartNumber, blocked.Message));
    }

    [Fact]
    public void CheckpointSaved_AfterAnExitAnsweredWithCheckpoint_HandsFileDagContextAndSessionOverWithoutWaiting()
    {
        StartAnsweringIgnored();
        _facade.ContextObserved(InBody);
        _core.ContextChangedAsync(Arg.Is<ContextChange>(c => c.New == EditingContext.Document), Arg.Any<CancellationToken>())
            .Returns(new ContextDecision(Exit: new ExitDecision(ExitAction.Checkpoint, "body_close", "s-1")));

        var save = Assert.IsType<SaveForCheckpoint>(Assert.Single(_facade.ContextObserved(AtDocument)));
        var dag = new Silo.Protocol.Checkpoints.Dag([new("Pad", "PartDesign::Pad")], []);
        _facade.CheckpointSaved(new SavedCheckpoint(save.Ticket, "/p/P-1.FCStd", dag));

        _core.Received(1).HandOverCheckpoint(new CheckpointSubmission("P-1", "/p/P-1.FCStd", "body_close", "s-1", dag));
        _core.DidNotReceiveWithAnyArgs().SubmitCheckpointAsync(default!, default);
    }

    [Fact]
    public void FileReplaced_ByTheHostsOwnUpdate_IsNoNews_ButTheNextReplacementReloads()
    {
        _facade.Start(Request);
        var updated = new DocumentReplaced("P-1", "/p/P-1.FCStd", "v3", CopyPath: null);
        _core.UpdateDocumentAsync("P-1", "/p/P-1.FCStd", Arg.Any<CancellationToken>()).Returns(updated);
        var clean = AtDocument with { Modified = false };

        _facade.UpdateDocument("P-1", "/p/P-1.FCStd");

        Assert.Empty(_facade.FileReplaced(updated, clean));
        Assert.Equal([new Reload("Unnamed")], _facade.FileReplaced(updated with { Version = "v4" }, clean));
    }

    [Fact]
    public void ContextObserved_CoreNotStarted_WarnsAndStillFollowsFreeCad()
    {
        var warning = Assert.IsType<ShowWarning>(Assert.Single(_facade.ContextObserved(InBody)));

        Assert.Contains("not started", warning.Message, StringComparison.Ordinal);
        Assert.Single(_facade.EnteredContexts("Unnamed"));
    }

    [Fact]
    public void LeaveContext_EnteredBody_DeactivatesIt_AndDocumentClosedForgetsTheDocument()
    {
        StartAnsweringIgnored();
        _facade.ContextObserved(InBody);

        Assert.Equal([new DeactivateBody("Body")], _facade.LeaveContext("Unnamed", "Body"));
        _facade.DocumentClosed("Unnamed");
        Assert.Empty(_facade.EnteredContexts("Unnamed"));
    }

    [Fact]
    public void FollowContext_BlockedBodyThroughTheAttachedHost_BacksOutAndRequestsTheHandoffOfTheCoreRunning()
    {
        var holder = new EditSessionHolder("s-bob", "bob", "bob-pc", ContextLevels.PartDesign, "Body", DateTimeOffset.UnixEpoch);
        _core.ContextChangedAsync(Arg.Any<ContextChange>(), Arg.Any<CancellationToken>())
            .Returns(new ContextDecision(new EntryDecision(EntryVerdict.Block, Holder: holder, Message: "bob is editing Body")));
        _facade.Start(Request);
        var host = Substitute.For<IContextHost>();
        host.Read("Unnamed").Returns(InBody, AtDocument);
        host.DeactivateBody("Unnamed", "Body").Returns(true);
        host.ShowBlocked(Arg.Any<ShowBlocked>()).Returns(true);
        host.When(h => h.Defer(Arg.Any<Action>(), Arg.Any<int>())).Do(call => call.Arg<Action>()());
        _facade.AttachContextHost(host, followsKindred: false);

        _facade.FollowContext("Unnamed");

        host.Received(1).DeactivateBody("Unnamed", "Body");
        host.Received(1).ShowBlocked(Arg.Is<ShowBlocked>(b => b.PartNumber == "P-1" && b.Holder == holder));
        _core.Received(1).RequestHandoffAsync("P-1", "s-bob", null, Arg.Any<CancellationToken>());
        Assert.Empty(_facade.EnteredContexts("Unnamed"));
    }
}
