using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Silo.Client;
using Silo.Client.Errors;
using Silo.Protocol.Checkpoints;
using Silo.Protocol.EditSessions;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Host;
using SiloMod.Core.Lineage;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;

namespace SiloMod.Core.Tests.EditSessions;

/// <summary>The engine over the real <see cref="ContextSyncHook"/>: only the server (the client) is a double.</summary>
public sealed class ContextEngineTests : IDisposable
{
    private const string Pn = "P-100";
    private const string DocName = "Unnamed";

    private static readonly (string?, string?) Doc = (null, null);
    private static readonly (string?, string?) Asm = (ContextTypes.Assembly, "Assembly");
    private static readonly (string?, string?) Body = (ContextTypes.PartDesign, "Body");
    private static readonly (string?, string?) Sketch = (ContextTypes.Sketcher, "Sketch");
    private static readonly (string?, string?) Sketch1 = (ContextTypes.Sketcher, "Sketch001");

    private static readonly BodyFact ActiveBody = new("Body", ["Pad", "Sketch"]);
    private static readonly EditedObject SketchInEdit = new("Sketcher::SketchObject", "Sketch", ["Pad"], ActiveBody);
    private static readonly EditedObject Sketch1InEdit = new("Sketcher::SketchObject", "Sketch001", ["Pocket"], ActiveBody);
    private static readonly EditedObject AssemblyInEdit = new("Assembly::AssemblyObject", "Assembly");
    private static readonly DocumentReplaced Replaced = new(Pn, "/parts/P-100.FCStd", "v3", CopyPath: null);

    private readonly ISiloClient _client = Substitute.For<ISiloClient>();
    private readonly SignalHub _signals = new();
    private readonly FakeTimeProvider _clock = TestClock.New();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "engine-" + Guid.NewGuid().ToString("N"));
    private readonly RecordingGate _gate;
    private readonly ContextEngine _engine;

    public ContextEngineTests()
    {
        Directory.CreateDirectory(_dir);
        var hook = new ContextSyncHook(_client, new SettingsHolder(SiloModSettings.Default), new ActiveSessions(),
            new FileLineage(Path.Combine(_dir, "lineage.json"), _clock), _signals, new ContextSyncHookOptions { WorkstationId = "ws-1" }, _clock);
        _gate = new RecordingGate(hook);
        _engine = new ContextEngine(_gate);
        _client.AcquireEditSessionAsync(Pn, "ws-1", Arg.Any<string>(), Arg.Any<string>(), Arg.Any<IReadOnlyList<string>?>(), Arg.Any<CancellationToken>())
            .Returns(call => new EditSessionResult("s-" + call.ArgAt<string>(3), InterferenceLevels.None, [], 1, _clock.GetUtcNow().AddMinutes(2),
                _clock.GetUtcNow()));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _signals.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static ContextFacts Facts(EditedObject? inEdit = null, BodyFact? body = null, bool modified = true, string? path = null,
        bool settled = false, string? partNumber = Pn, string? kindred = null) =>
        new(DocName, partNumber, path, modified, inEdit, body, settled, kindred is null ? null : new KindredContext(kindred));

    private Task<IReadOnlyList<ContextCommand>> Observe(ContextFacts facts) => _engine.ObserveAsync(facts);

    private void Refuse(string objectId)
    {
        var holder = new EditSessionHolder("h-1", "dave", "dave-pc", ContextLevels.Sketch, objectId, _clock.GetUtcNow());
        _client.AcquireEditSessionAsync(Pn, "ws-1", Arg.Any<string>(), objectId, Arg.Any<IReadOnlyList<string>?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new HardInterferenceException(System.Net.HttpStatusCode.Conflict, new SiloProblem(), holder));
    }

    private IEnumerable<(string?, string?)> Entered() => _engine.EnteredIn(DocName).Select(c => (c.Type, c.ObjectId));

    [Fact]
    public async Task ObserveAsync_SketchInActiveBody_EntersOneLevelAtATimeOutermostFirst()
    {
        var commands = await Observe(Facts(SketchInEdit, ActiveBody));

        Assert.Empty(commands);
        Assert.Equal([(Doc, Body), (Body, Sketch)], _gate.Moves);
        Assert.Equal(["Pad"], _gate.Changes[1].New.DependencyCone!);
        Assert.Equal(["Pad", "Sketch"], _gate.Changes[0].New.DependencyCone!);
        Assert.Equal([Body, Sketch], Entered());
    }

    [Fact]
    public async Task ObserveAsync_SameFactsAgain_AsksNothing()
    {
        await Observe(Facts(SketchInEdit, ActiveBody));

        await Observe(Facts(SketchInEdit, ActiveBody));

        Assert.Equal(2, _gate.Moves.Count);
    }

    [Fact]
    public async Task ObserveAsync_FeatureOfInactiveBodyInEdit_IsTheBodysContext()
    {
        await Observe(Facts(new EditedObject("PartDesign::Pad", "Pad", ["Fillet"], ActiveBody)));

        Assert.Equal([(Doc, Body)], _gate.Moves);
        Assert.Equal(["Pad", "Sketch"], _gate.Changes[0].New.DependencyCone!);
    }

    [Fact]
    public async Task ObserveAsync_ObjectOfAnotherWorkbenchInEdit_IsNoContext()
    {
        var commands = await Observe(Facts(new EditedObject("Part::Box", "Box")));

        Assert.Empty(commands);
        Assert.Empty(_gate.Moves);
    }

    [Fact]
    public async Task ObserveAsync_UntrackedDocument_FollowsWithoutAsking()
    {
        await Observe(Facts(SketchInEdit, partNumber: null));

        Assert.Empty(_gate.Moves);
        Assert.Equal([Sketch], Entered());
    }

    [Fact]
    public async Task ObserveAsync_BodyInsideAssembly_NestsUnderItAndLeavesInnermostFirst()
    {
        await Observe(Facts(AssemblyInEdit));
        await Observe(Facts(AssemblyInEdit, ActiveBody));
        var commands = await Observe(Facts(AssemblyInEdit));

        Assert.Equal([(Doc, Asm), (Asm, Body), (Body, Asm)], _gate.Moves);
        Assert.Null(_gate.Changes[0].New.DependencyCone);
        var save = Assert.Single(commands.OfType<SaveForCheckpoint>());
        await _engine.CheckpointSavedAsync(new SavedCheckpoint(save.Ticket, "/parts/P-100.FCStd", null));
        Assert.Equal(new CheckpointSubmission(Pn, "/parts/P-100.FCStd", CheckpointContexts.BodyClose, "s-Body", null), Assert.Single(_gate.Submitted));
    }

    [Fact]
    public async Task ObserveAsync_KindredBodyInAssembly_KeepsAssemblyEnteredWithoutSettling()
    {
        await Observe(Facts(AssemblyInEdit, kindred: KindredContexts.AssemblyId));

        // Kindred edits a body inside the assembly: FreeCAD shows no assembly in edit any more.
        var commands = await Observe(Facts(body: ActiveBody, kindred: KindredContexts.BodyInAssemblyId));
        Assert.DoesNotContain(new SettleAssembly(), commands);
        Assert.Equal([Asm, Body], Entered());

        await Observe(Facts(body: ActiveBody, settled: true, kindred: KindredContexts.BodyInAssemblyId));
        Assert.Equal([Asm, Body], Entered());
        Assert.Equal([(Doc, Asm), (Asm, Body)], _gate.Moves);
    }

    [Fact]
    public async Task ObserveAsync_KindredBodyOnItsOwn_LeavesHeldAssemblyAtOnce()
    {
        await Observe(Facts(AssemblyInEdit, kindred: KindredContexts.AssemblyId));

        var commands = await Observe(Facts(body: ActiveBody, kindred: KindredContexts.BodyId));

        Assert.DoesNotContain(new SettleAssembly(), commands);
        Assert.Equal([Body], Entered());
        Assert.Equal([(Doc, Asm), (Asm, Doc), (Doc, Body)], _gate.Moves);
    }

    [Fact]
    public async Task ObserveAsync_KindredIdUnknownOrOfAnotherDocument_FallsBackToSettlingOnFreeCadsFacts()
    {
        await Observe(Facts(AssemblyInEdit, kindred: KindredContexts.AssemblyId));

        var unknown = await Observe(Facts(Sketch1InEdit, ActiveBody, kindred: "kindred.sketch_edit"));
        Assert.Equal([new SettleAssembly()], unknown);
        Assert.Equal([Asm, Body, Sketch1], Entered());

        var elsewhere = new KindredContext(KindredContexts.BodyInAssemblyId, new Dictionary<string, string> { [KindredContexts.DocumentKey] = "Other" });
        await Observe(Facts(settled: true) with { Kindred = elsewhere });
        Assert.Empty(Entered());
    }

    [Fact]
    public async Task ObserveAsync_KindredStopsVouchingForHeldAssembly_AsksToSettleOnce()
    {
        await Observe(Facts(AssemblyInEdit, kindred: KindredContexts.AssemblyId));
        await Observe(Facts(body: ActiveBody, kindred: KindredContexts.BodyInAssemblyId));

        var first = await Observe(Facts(kindred: "kindred.document"));
        var again = await Observe(Facts(kindred: "kindred.document"));

        Assert.Equal([new SettleAssembly()], first.OfType<SettleAssembly>());
        Assert.Empty(again.OfType<SettleAssembly>());
        Assert.Equal([Asm], Entered());
    }

    [Fact]
    public async Task ObserveAsync_KindredAssemblyEditOfTypeFreeCadDoesNotName_EntersAssembly()
    {
        var kindredAssembly = new EditedObject("Kindred::Assembly", "Gearbox");

        await Observe(Facts(kindredAssembly));
        Assert.Empty(_gate.Moves);

        await Observe(Facts(kindredAssembly, kindred: KindredContexts.AssemblyId));
        Assert.Equal([(Doc, (ContextTypes.Assembly, "Gearbox"))], _gate.Moves);
    }

    [Fact]
    public async Task ObserveAsync_AssemblyLeftForSketchInside_IsHeldUntilSettledWithNothingInEdit()
    {
        await Observe(Facts(AssemblyInEdit, ActiveBody));

        var leftForSketch = await Observe(Facts(Sketch1InEdit, ActiveBody));
        Assert.Equal([new SettleAssembly()], leftForSketch);
        Assert.Equal([Asm, Body, Sketch1], Entered());

        await Observe(Facts(Sketch1InEdit, ActiveBody, settled: true));
        Assert.Equal([Asm, Body, Sketch1], Entered());

        await Observe(Facts(AssemblyInEdit, ActiveBody));
        Assert.Equal([Asm, Body], Entered());

        await Observe(Facts());
        Assert.Equal([Asm], Entered());
        await Observe(Facts(settled: true));
        Assert.Empty(Entered());
        Assert.Equal([(Doc, Asm), (Asm, Body), (Body, Sketch1), (Sketch1, Body), (Body, Asm), (Asm, Doc)], _gate.Moves);
    }

    [Fact]
    public async Task ObserveAsync_SidewaysSketchToSketch_ClosesTheOldSketchAndEntersTheNewInOneMove()
    {
        await Observe(Facts(SketchInEdit, ActiveBody));

        var commands = await Observe(Facts(Sketch1InEdit, ActiveBody));

        Assert.Equal([(Doc, Body), (Body, Sketch), (Sketch, Sketch1)], _gate.Moves);
        Assert.Single(commands.OfType<SaveForCheckpoint>());
        await _engine.CheckpointSavedAsync(new SavedCheckpoint(commands.OfType<SaveForCheckpoint>().Single().Ticket, "/p.FCStd", null));
        Assert.Equal((CheckpointContexts.SketchClose, "s-Sketch"), (_gate.Submitted[0].Context, _gate.Submitted[0].SessionId));
        Assert.Equal([Body, Sketch1], Entered());
    }

    [Fact]
    public async Task ObserveAsync_JumpOutOfTwoLevels_LeavesSketchThenBodyEachWithItsCheckpoint()
    {
        await Observe(Facts(SketchInEdit, ActiveBody));

        var commands = await Observe(Facts());

        Assert.Equal([(Doc, Body), (Body, Sketch), (Sketch, Body), (Body, Doc)], _gate.Moves);
        foreach (var save in commands.OfType<SaveForCheckpoint>())
            await _engine.CheckpointSavedAsync(new SavedCheckpoint(save.Ticket, "/p.FCStd", null));
        Assert.Equal([(CheckpointContexts.SketchClose, "s-Sketch"), (CheckpointContexts.BodyClose, "s-Body")],
            _gate.Submitted.Select(s => (s.Context, s.SessionId)));
        Assert.Empty(Entered());
    }

    [Fact]
    public async Task ObserveAsync_EntryBlocked_BacksOutAndShowsHolder()
    {
        Refuse("Sketch");

        var commands = await Observe(Facts(SketchInEdit, ActiveBody));

        Assert.Equal(new ResetEdit("Sketch"), commands[0]);
        var blocked = Assert.Single(commands.OfType<ShowBlocked>());
        Assert.Equal((Pn, "Sketch", "dave", "h-1"), (blocked.PartNumber, blocked.ObjectId, blocked.Holder!.User, blocked.Holder.SessionId));
        Assert.Equal("dave is currently editing Sketch on dave-pc.", blocked.Message);
        Assert.Equal([Body], Entered());
    }

    [Fact]
    public async Task ObserveAsync_BlockedBodyActivation_DeactivatesTheBody()
    {
        Refuse("Body");

        var commands = await Observe(Facts(body: ActiveBody));

        Assert.Equal(new DeactivateBody("Body"), commands[0]);
        Assert.Empty(Entered());
    }

    [Fact]
    public async Task ObserveAsync_BackOutAfterBlock_IsNoExitAndTheRefusedEntryIsNotAskedAgainMeanwhile()
    {
        Refuse("Sketch");
        await Observe(Facts(SketchInEdit, ActiveBody));

        var stillShown = await Observe(Facts(SketchInEdit, ActiveBody));
        var backedOut = await Observe(Facts(body: ActiveBody));

        Assert.Empty(stillShown);
        Assert.Empty(backedOut);
        Assert.Equal([(Doc, Body), (Body, Sketch)], _gate.Moves);
        Assert.Equal([Body], Entered());

        await Observe(Facts(SketchInEdit, ActiveBody));
        Assert.Equal([(Doc, Body), (Body, Sketch), (Body, Sketch)], _gate.Moves);
    }

    [Fact]
    public async Task ObserveAsync_LeaveWithoutUnsavedChanges_AsksForTheFileWithoutASaveAndHandsItOverOnlyIfChanged()
    {
        await Observe(Facts(body: ActiveBody, modified: false, path: "/parts/P-100.FCStd"));

        var commands = await Observe(Facts(modified: false, path: "/parts/P-100.FCStd"));

        var save = Assert.IsType<SaveForCheckpoint>(Assert.Single(commands));
        Assert.False(save.SaveFirst);
        await _engine.CheckpointSavedAsync(new SavedCheckpoint(save.Ticket, "/parts/P-100.FCStd", null));
        Assert.True(Assert.Single(_gate.Submitted).OnlyIfChanged);
        await _client.DidNotReceive().ReleaseEditSessionAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task ObserveAsync_LeaveWithUnsavedChanges_AsksForASaveFirst()
    {
        await Observe(Facts(body: ActiveBody, path: "/parts/P-100.FCStd"));

        var commands = await Observe(Facts(path: "/parts/P-100.FCStd"));

        Assert.True(Assert.Single(commands.OfType<SaveForCheckpoint>()).SaveFirst);
    }

    [Fact]
    public async Task ObserveAsync_ServerAway_EntersAndWarns()
    {
        _client.AcquireEditSessionAsync(Pn, "ws-1", Arg.Any<string>(), "Body", Arg.Any<IReadOnlyList<string>?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new UnavailableException("connection refused"));

        var commands = await Observe(Facts(body: ActiveBody));

        Assert.Contains("nobody else is kept out of it", Assert.Single(commands.OfType<ShowWarning>()).Message, StringComparison.Ordinal);
        Assert.Equal([Body], Entered());
    }

    [Fact]
    public async Task ObserveAsync_GateFails_WarnsAndStillFollowsFreeCad()
    {
        var failing = Substitute.For<IContextGate>();
        failing.ContextChangedAsync(Arg.Any<ContextChange>(), Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("core stopped"));
        using var engine = new ContextEngine(failing);

        var commands = await engine.ObserveAsync(Facts(body: ActiveBody));

        Assert.Equal("SiloMod could not report the change from the document to PartDesign Body: core stopped",
            Assert.Single(commands.OfType<ShowWarning>()).Message);
        Assert.Single(engine.EnteredIn(DocName));
    }

    [Fact]
    public async Task CheckpointSavedAsync_UnknownTicket_IsRefusedWithoutSubmitting()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => _engine.CheckpointSavedAsync(new SavedCheckpoint("nope", "/p.FCStd", null)));

        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
        Assert.Empty(_gate.Submitted);
    }

    [Fact]
    public async Task Leave_AssemblyWithBodyAndSketch_UndoesInnermostFirstAndLetsGoOfTheHeldAssembly()
    {
        await Observe(Facts(AssemblyInEdit, ActiveBody));
        await Observe(Facts(Sketch1InEdit, ActiveBody));

        var commands = _engine.Leave(DocName, "Assembly");
        await Observe(Facts());

        Assert.Equal([new ResetEdit("Sketch001"), new DeactivateBody("Body"), new ResetEdit("Assembly")], commands);
        Assert.Empty(Entered());
    }

    [Fact]
    public async Task Leave_ObjectNotEntered_AsksNothing()
    {
        await Observe(Facts(body: ActiveBody));

        Assert.Empty(_engine.Leave(DocName, "Sketch"));
        Assert.Empty(_engine.Leave("Other", "Body"));
    }

    [Fact]
    public async Task Forget_ClosedDocument_StartsOverWhenSeenAgain()
    {
        await Observe(Facts(body: ActiveBody));

        _engine.Forget(DocName);
        await Observe(Facts(body: ActiveBody));

        Assert.Equal([(Doc, Body), (Doc, Body)], _gate.Moves);
    }

    [Fact]
    public void FileReplaced_DocumentWithoutUnsavedChangesOpenOnIt_IsReloaded()
    {
        var commands = _engine.FileReplaced(Replaced, Facts(modified: false, path: Replaced.Path));

        Assert.Equal([new Reload(DocName)], commands);
    }

    [Fact]
    public void FileReplaced_DocumentWithUnsavedChanges_IsNotReloadedAndTheUserIsTold()
    {
        var commands = _engine.FileReplaced(Replaced, Facts(modified: true, path: Replaced.Path));

        var warning = Assert.IsType<ShowWarning>(Assert.Single(commands));
        Assert.Contains("unsaved changes", warning.Message, StringComparison.Ordinal);
        Assert.Contains("v3", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileReplaced_NoDocumentOpenOnIt_AsksNothing()
    {
        Assert.Empty(_engine.FileReplaced(Replaced, open: null));
    }

    [Fact]
    public void FileReplaced_ByTheHostsOwnUpdate_AsksNothingOnce()
    {
        _engine.ReplacedByHost(Replaced);

        var own = _engine.FileReplaced(Replaced, Facts(modified: false, path: Replaced.Path));
        var later = _engine.FileReplaced(Replaced, Facts(modified: false, path: Replaced.Path));

        Assert.Empty(own);
        Assert.Equal([new Reload(DocName)], later);
    }

    private sealed class RecordingGate(ContextSyncHook hook) : IContextGate
    {
        public List<ContextChange> Changes { get; } = [];

        public List<CheckpointSubmission> Submitted { get; } = [];

        public List<((string?, string?) Old, (string?, string?) New)> Moves =>
            [.. Changes.Select(c => ((c.Old.Type, c.Old.ObjectId), (c.New.Type, c.New.ObjectId)))];

        public Task<ContextDecision> ContextChangedAsync(ContextChange change, CancellationToken ct = default)
        {
            Changes.Add(change);
            return hook.OnContextChangedAsync(change, ct);
        }

        public Task SubmitCheckpointAsync(CheckpointSubmission submission, CancellationToken ct = default)
        {
            Submitted.Add(submission);
            return Task.CompletedTask;
        }
    }
}
