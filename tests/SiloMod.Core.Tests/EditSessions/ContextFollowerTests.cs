using Silo.Protocol.EditSessions;
using Silo.Protocol.Lineage;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;

namespace SiloMod.Core.Tests.EditSessions;

/// <summary>
/// The follower over the real <see cref="ContextEngine"/>: FreeCAD is a scripted host (its state
/// changes as the commands say), the gate answers from a queue.
/// </summary>
public sealed class ContextFollowerTests : IDisposable
{
    private const string Pn = "P-100";
    private const string Doc = "Unnamed";
    private const string Path = "/parts/P-100.FCStd";

    private static readonly BodyFact Body = new("Body", ["Pad"]);
    private static readonly EditingContext BodyContext = new(ContextTypes.PartDesign, "Body");

    private readonly ScriptedHost _host = new();
    private readonly QueuedGate _gate = new();
    private readonly RecordingActions _actions = new();
    private readonly ContextEngine _engine;
    private readonly ContextFollower _follower;

    public ContextFollowerTests()
    {
        _engine = new ContextEngine(_gate);
        _follower = new ContextFollower(_engine, _actions);
        _follower.Attach(_host, followsKindred: false);
    }

    public void Dispose() => _engine.Dispose();

    private static EditedObject Sketch(string name = "Sketch") => new("Sketcher::SketchObject", name, [], Body);

    private static ContextDecision Block(string? sessionId = "s-bob") =>
        new(new EntryDecision(EntryVerdict.Block, Holder: new EditSessionHolder(sessionId!, "bob", "bob-pc", ContextLevels.Sketch, "Sketch",
            DateTimeOffset.UnixEpoch), Message: "bob is editing Sketch"));

    private IEnumerable<(string?, string?)> Entered() => _engine.EnteredIn(Doc).Select(c => (c.Type, c.ObjectId));

    [Fact]
    public void Follow_BlockedEntry_BacksOutReadsAgainAndShowsTheHolderOnceFreeCadsSignalReturned()
    {
        _host.State = _host.State with { ActiveBody = Body, InEdit = Sketch() };
        _gate.Answers.Enqueue(ContextDecision.Ignored);
        _gate.Answers.Enqueue(Block());

        _follower.Follow(Doc);

        Assert.Null(_host.State.InEdit);
        Assert.Equal(2, _host.Reads);
        Assert.Equal([(ContextTypes.PartDesign, "Body")], Entered());
        Assert.Empty(_host.Blocked);
        _host.RunDeferred();
        Assert.Equal("Sketch", Assert.Single(_host.Blocked).ObjectId);
    }

    [Fact]
    public void Follow_FreeCadKeepsShowingNewRefusedEdits_StopsAfterMaxRounds()
    {
        var next = 0;
        _host.State = _host.State with { InEdit = Sketch("Sketch0"), ActiveBody = Body };
        _host.OnResetEdit = () => _host.State = _host.State with { InEdit = Sketch("Sketch" + ++next) };
        for (var i = 0; i < 10; i++) _gate.Answers.Enqueue(Block());
        _gate.Answers.Enqueue(ContextDecision.Ignored);
        _gate.Answers.Enqueue(Block());

        _follower.Follow(Doc);

        Assert.Equal(ContextFollower.MaxRounds, _host.Reads);
    }

    [Fact]
    public void Follow_FreeCadSignalWhileCarryingOut_IsCoveredByTheRunningReport()
    {
        _host.State = _host.State with { ActiveBody = Body, InEdit = Sketch() };
        _host.OnResetEdit = () => _follower.Follow(Doc);
        _gate.Answers.Enqueue(ContextDecision.Ignored);
        _gate.Answers.Enqueue(Block());

        _follower.Follow(Doc);

        Assert.Equal(2, _host.Reads);
    }

    [Fact]
    public void Follow_ClosedDocument_ReadsOnceAndAsksNothing()
    {
        _host.Closed = true;

        _follower.Follow(Doc);
        _follower.Polled(Doc);

        Assert.Equal(1, _host.Reads);
        Assert.Empty(_gate.Changes);
    }

    [Fact]
    public void Polled_ActiveBodyChanged_FollowsIt_SameGlanceAgain_DoesNot()
    {
        _follower.Polled(Doc);
        _host.State = _host.State with { ActiveBody = Body };
        _follower.Polled(Doc);
        _follower.Polled(Doc);

        Assert.Equal([(ContextTypes.PartDesign, "Body")], Entered());
        Assert.Equal(2, _host.Reads);
    }

    [Fact]
    public void Polled_FollowingKindred_OnlyNotesUnsavedChanges()
    {
        _follower.Attach(_host, followsKindred: true);
        _host.State = _host.State with { ActiveBody = Body, GuiModified = false };

        _follower.Polled(Doc);

        Assert.Equal(0, _host.Reads);
        Assert.True(_follower.WasUnmodified(Doc));
    }

    [Fact]
    public void Blocked_DocumentUnmodifiedBeforeTheEdit_IsRestoredBeforeTheHolderShows()
    {
        _host.State = _host.State with { GuiModified = false, UndoCount = 3 };
        _follower.Polled(Doc);
        // Entering the sketch marks the document modified, but adds nothing to the undo stack.
        _host.State = _host.State with { InEdit = Sketch(), GuiModified = true };
        _gate.Answers.Enqueue(Block());

        _follower.Follow(Doc);
        _host.RunDeferred();

        Assert.Equal([Doc], _host.Restored);
        Assert.Single(_host.Blocked);
    }

    [Fact]
    public void Blocked_ChangeMadeSinceItShowedUnmodified_IsNotRestored()
    {
        _host.State = _host.State with { GuiModified = false, UndoCount = 3 };
        _follower.Polled(Doc);
        _host.State = _host.State with { InEdit = Sketch(), GuiModified = true, UndoCount = 4 };
        _gate.Answers.Enqueue(Block());

        _follower.Follow(Doc);
        _host.RunDeferred();

        Assert.Empty(_host.Restored);
    }

    [Fact]
    public void Blocked_RequestHandoff_AsksTheHolder_OrSaysACheckOutHasNoSession()
    {
        _host.HandoffAnswer = true;
        _host.State = _host.State with { InEdit = Sketch() };
        _gate.Answers.Enqueue(Block());
        _follower.Follow(Doc);
        _host.RunDeferred();
        Assert.Equal([(Pn, "s-bob")], _actions.Handoffs);

        _host.State = _host.State with { InEdit = Sketch("Sketch001") };
        _gate.Answers.Enqueue(Block(sessionId: ""));
        _follower.Follow(Doc);
        _host.RunDeferred();
        Assert.Single(_actions.Handoffs);
        Assert.Contains(_host.Messages, m => m.Kind == ContextMessage.Error && m.Text.Contains("no edit session to hand over"));
    }

    [Fact]
    public void SettleAssembly_DefersTwiceThenReadsAgainSettled_AndLetsTheAssemblyGo()
    {
        _host.State = _host.State with { InEdit = new EditedObject("Assembly::AssemblyObject", "Assembly") };
        _follower.Follow(Doc);
        _host.State = _host.State with { InEdit = null };

        _follower.Follow(Doc);
        Assert.Equal([(ContextTypes.Assembly, "Assembly")], Entered());
        _host.RunDeferred();
        Assert.Equal([ContextFollower.AssemblySettleMilliseconds], _host.PendingDelays);
        _host.RunDeferred();

        Assert.Empty(Entered());
    }

    [Fact]
    public void SaveForCheckpoint_OnceTheSignalReturned_SavesAndHandsFileAndDagOver()
    {
        _host.State = _host.State with { ActiveBody = Body, Modified = true };
        _follower.Follow(Doc);
        _gate.Answers.Enqueue(new ContextDecision(Exit: new ExitDecision(ExitAction.Checkpoint, "body_close", "s-1")));
        _host.State = _host.State with { ActiveBody = null };

        _follower.Follow(Doc);
        Assert.Empty(_host.Saved);
        _host.RunDeferred();

        Assert.Equal([(Doc, true)], _host.Saved);
        Assert.Equal(Path, Assert.Single(_gate.Submitted).FilePath);
    }

    [Fact]
    public void AskStale_EditAnyway_TellsTheCoreAndStaysIn()
    {
        EnterStale(StaleChoice.EditAnyway);

        Assert.Equal([Pn], _actions.EditedAnyway);
        Assert.Equal([(ContextTypes.PartDesign, "Body")], Entered());
    }

    [Fact]
    public void AskStale_UpdateWithUnsavedChanges_LeavesAndSaysWhyNothingWasUpdated()
    {
        _host.State = _host.State with { Modified = true };
        EnterStale(StaleChoice.Update);

        Assert.Empty(_actions.Updated);
        Assert.Contains(_host.Messages, m => m.Kind == ContextMessage.Information && m.Text.Contains("unsaved changes"));
        Assert.Null(_host.State.ActiveBody);
    }

    [Fact]
    public void AskStale_Update_LeavesUpdatesReopensAndEntersTheBodyAgain()
    {
        EnterStale(StaleChoice.Update);

        Assert.Equal([(Pn, Path)], _actions.Updated);
        Assert.Equal([Doc], _host.Reloaded);
        Assert.Equal(BodyContext, _host.EnteredAgain.Select(c => c with { DependencyCone = null }).Single());
        Assert.Equal([(ContextTypes.PartDesign, "Body")], Entered());
    }

    [Fact]
    public void OnSignal_LeaveRequestedForAnItemNotOpen_SaysSo_ForAnOpenOne_LeavesIt()
    {
        _host.State = _host.State with { ActiveBody = Body };
        _follower.Follow(Doc);

        _follower.OnSignal(new LeaveContextRequested("P-999", "Body", "s-1"));
        Assert.Contains(_host.Messages, m => m.Kind == ContextMessage.Error && m.Text.Contains("P-999"));

        _follower.OnSignal(new LeaveContextRequested(Pn, "Body", "s-1"));
        Assert.Null(_host.State.ActiveBody);
        Assert.Empty(Entered());
    }

    [Fact]
    public void OnSignal_FileReplacedUnderAnUnmodifiedDocument_ReloadsIt()
    {
        _follower.OnSignal(new DocumentReplaced(Pn, Path, "v3", CopyPath: null));

        Assert.Equal([Doc], _host.Reloaded);
    }

    private void EnterStale(StaleChoice answer)
    {
        _host.StaleAnswer = answer;
        var head = new ItemVersion(3, "checkpoint", "c-3", "hash", 10, "alice", "body_close", null, DateTimeOffset.UnixEpoch);
        _gate.Answers.Enqueue(new ContextDecision(new EntryDecision(EntryVerdict.Allow, "s-1", Stale: new StaleNotice(head, null, "newer"))));
        _host.State = _host.State with { ActiveBody = Body };
        _follower.Follow(Doc);
        _host.RunDeferred();
    }

    private sealed record FreeCadState(string? PartNumber, EditedObject? InEdit, BodyFact? ActiveBody, bool Modified, bool? GuiModified, int UndoCount);

    private sealed class ScriptedHost : IContextHost
    {
        private readonly Queue<(Action Action, int Delay)> _deferred = new();

        public FreeCadState State { get; set; } = new(Pn, null, null, false, true, 0);
        public int Reads { get; private set; }
        public bool Closed { get; set; }
        public Action? OnResetEdit { get; set; }
        public bool HandoffAnswer { get; set; }
        public StaleChoice StaleAnswer { get; set; }
        public List<ShowBlocked> Blocked { get; } = [];
        public List<(ContextMessage Kind, string Text)> Messages { get; } = [];
        public List<string> Restored { get; } = [];
        public List<string> Reloaded { get; } = [];
        public List<(string, bool)> Saved { get; } = [];
        public List<EditingContext> EnteredAgain { get; } = [];
        public IEnumerable<int> PendingDelays => _deferred.Select(d => d.Delay);

        /// <summary>Runs what was deferred so far (FreeCAD's event loop), not what that defers in turn.</summary>
        public void RunDeferred()
        {
            for (var n = _deferred.Count; n > 0; n--) _deferred.Dequeue().Action();
        }

        public ContextFacts? Read(string document)
        {
            Reads++;
            return Closed ? null : new ContextFacts(document, State.PartNumber, Path, State.Modified, State.InEdit, State.ActiveBody);
        }

        public ContextGlance? Glance(string document) => Closed ? null : new(State.InEdit?.Name, State.ActiveBody?.Name, State.GuiModified, State.UndoCount);

        public bool ResetEdit(string document, string objectName)
        {
            if (State.InEdit?.Name != objectName) return false;
            State = State with { InEdit = null };
            OnResetEdit?.Invoke();
            return true;
        }

        public bool DeactivateBody(string document, string bodyName)
        {
            if (State.ActiveBody?.Name != bodyName) return false;
            State = State with { ActiveBody = null };
            return true;
        }

        public void Enter(string document, EditingContext context)
        {
            EnteredAgain.Add(context);
            State = State with { ActiveBody = Body };
        }

        public void Defer(Action action, int delayMilliseconds) => _deferred.Enqueue((action, delayMilliseconds));

        public bool ShowBlocked(ShowBlocked blocked)
        {
            Blocked.Add(blocked);
            return HandoffAnswer;
        }

        public StaleChoice AskStale(StaleNotice notice) => StaleAnswer;

        public void Show(ContextMessage kind, string text) => Messages.Add((kind, text));

        public string RestoreSavedState(string document)
        {
            Restored.Add(document);
            return document;
        }

        public string Reload(string document)
        {
            Reloaded.Add(document);
            return document;
        }

        public SavedDocument? Save(string document, bool saveFirst)
        {
            Saved.Add((document, saveFirst));
            return new SavedDocument(Path, null);
        }

        public string? FindDocument(string? path, string? partNumber) => path == Path || partNumber == Pn ? Doc : null;
    }

    private sealed class QueuedGate : IContextGate
    {
        public Queue<ContextDecision> Answers { get; } = new();
        public List<ContextChange> Changes { get; } = [];
        public List<CheckpointSubmission> Submitted { get; } = [];

        public Task<ContextDecision> ContextChangedAsync(ContextChange change, CancellationToken ct)
        {
            Changes.Add(change);
            return Task.FromResult(Answers.TryDequeue(out var answer) ? answer : ContextDecision.Ignored);
        }

        public Task SubmitCheckpointAsync(CheckpointSubmission submission, CancellationToken ct)
        {
            Submitted.Add(submission);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingActions : IContextActions
    {
        public List<string> EditedAnyway { get; } = [];
        public List<(string, string)> Updated { get; } = [];
        public List<(string, string)> Handoffs { get; } = [];

        public void EditAnyway(string partNumber) => EditedAnyway.Add(partNumber);

        public DocumentReplaced UpdateDocument(string partNumber, string filePath)
        {
            Updated.Add((partNumber, filePath));
            return new DocumentReplaced(partNumber, filePath, "v3", null);
        }

        public void RequestHandoff(string partNumber, string sessionId) => Handoffs.Add((partNumber, sessionId));
    }
}
