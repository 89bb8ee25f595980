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

    /// <summary>FreeCAD as the facade reaches it: its facts read as given, deferred work run at once.</summary>
    private IContextHost AttachHost(ContextFacts facts)
    {
        var host = Substitute.For<IContextHost>();
        host.Read("Unnamed").Returns(facts);
        host.FindDocument(Arg.Any<string?>(), Arg.Any<string?>()).Returns("Unnamed");
        host.When(h => h.Defer(Arg.Any<Action>(), Arg.Any<int>())).Do(call => call.Arg<Action>()());
        _facade.AttachContextHost(host, followsKindred: false);
        return host;
    }

    [Fact]
    public void FollowContext_BodyActivated_AsksTheCoreAboutTheEntryWithItsCone()
    {
        StartAnsweringIgnored();
        AttachHost(InBody);

        _facade.FollowContext("Unnamed");

        _core.Received(1).ContextChangedAsync(
            Arg.Is<ContextChange>(c => c.Old == EditingContext.Document && c.New.ObjectId == "Body" && c.New.DependencyCone!.SequenceEqual(new[] { "Pad" })
                && c.Document == new TrackedDocument("P-1", "/p/P-1.FCStd", true)),
            Arg.Any<CancellationToken>());
        Assert.Equal([new EditingContext(ContextTypes.PartDesign, "Body")], _facade.EnteredContexts("Unnamed").Select(c => c with { DependencyCone = null }));
    }

    [Fact]
    public void FollowContext_LeavingAnExitAnsweredWithCheckpoint_HandsFileDagContextAndSessionOverWithoutWaiting()
    {
        StartAnsweringIgnored();
        var host = AttachHost(InBody);
        _facade.FollowContext("Unnamed");
        _core.ContextChangedAsync(Arg.Is<ContextChange>(c => c.New == EditingContext.Document), Arg.Any<CancellationToken>())
            .Returns(new ContextDecision(Exit: new ExitDecision(ExitAction.Checkpoint, "body_close", "s-1")));
        var dag = new Silo.Protocol.Checkpoints.Dag([new("Pad", "PartDesign::Pad")], []);
        host.Read("Unnamed").Returns(AtDocument);
        host.Save("Unnamed", true).Returns(new SavedDocument("/p/P-1.FCStd", dag));

        _facade.FollowContext("Unnamed");

        _core.Received(1).HandOverCheckpoint(new CheckpointSubmission("P-1", "/p/P-1.FCStd", "body_close", "s-1", dag));
        _core.DidNotReceiveWithAnyArgs().SubmitCheckpointAsync(default!, default);
    }

    [Fact]
    public void ContextSignal_FileReplacedByTheHostsOwnUpdate_IsNoNews_ButTheNextReplacementReloads()
    {
        _facade.Start(Request);
        var updated = new DocumentReplaced("P-1", "/p/P-1.FCStd", "v3", CopyPath: null);
        _core.UpdateDocumentAsync("P-1", "/p/P-1.FCStd", Arg.Any<CancellationToken>()).Returns(updated);
        var host = AttachHost(AtDocument with { Modified = false });
        host.Reload("Unnamed").Returns("Unnamed");

        _facade.UpdateDocument("P-1", "/p/P-1.FCStd");
        _facade.ContextSignal(updated);
        host.DidNotReceive().Reload(Arg.Any<string>());

        _facade.ContextSignal(updated with { Version = "v4" });
        host.Received(1).Reload("Unnamed");
    }

    [Fact]
    public void FollowContext_CoreNotStarted_WarnsAndStillFollowsFreeCad()
    {
        var host = AttachHost(InBody);

        _facade.FollowContext("Unnamed");

        host.Received(1).Show(ContextMessage.Warning, Arg.Is<string>(m => m.Contains("not started", StringComparison.Ordinal)));
        Assert.Single(_facade.EnteredContexts("Unnamed"));
    }

    [Fact]
    public void ContextSignal_LeaveRequestedForAnEnteredBody_DeactivatesIt_AndDocumentClosedForgetsTheDocument()
    {
        StartAnsweringIgnored();
        var host = AttachHost(InBody);
        _facade.FollowContext("Unnamed");

        _facade.ContextSignal(new LeaveContextRequested("P-1", "Body", "s-1"));

        host.Received(1).DeactivateBody("Unnamed", "Body");
        _facade.DocumentClosed("Unnamed");
        Assert.Empty(_facade.EnteredContexts("Unnamed"));
    }

    [Fact]
    public void BlockedPrompt_WordsTheHolderInTheWorkstationsZone()
    {
        var holder = new EditSessionHolder("s-9", "bob", "ws-bob", "sketch", "Sketch001", T0);

        var prompt = _facade.BlockedPrompt(new ShowBlocked("P-1", "Sketch001", holder, "bob edits Sketch001"));

        Assert.Equal("bob is currently editing Sketch001 on ws-bob.", prompt.Text);
        Assert.StartsWith($"Started: {SiloMod.Core.Activity.ClockText.Of(T0, _time.LocalTimeZone)}", prompt.Informative, StringComparison.Ordinal);
        Assert.True(prompt.CanRequestHandoff);
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
        host.Received(1).ShowBlocked(Arg.Is<ShowBlocked>(b => b.PartNumber == "P-1" && b.Holder == holder && b.Message == "bob is editing Body"));
        _core.Received(1).RequestHandoffAsync("P-1", "s-bob", null, Arg.Any<CancellationToken>());
        Assert.Empty(_facade.EnteredContexts("Unnamed"));
    }
}
