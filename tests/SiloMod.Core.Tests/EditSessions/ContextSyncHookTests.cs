using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Silo.Client;
using Silo.Protocol.EditSessions;
using Silo.Client.Errors;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Host;
using SiloMod.Core.Lineage;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;
using SiloMod.Core.Tests.Support;

namespace SiloMod.Core.Tests.EditSessions;

public sealed class ContextSyncHookTests : IDisposable
{
    private const string Pn = "P-100";
    private const string Ws = "ws-1";

    private static readonly EditingContext Doc = EditingContext.Document;
    private static readonly EditingContext Body = new(ContextTypes.PartDesign, "Body");
    private static readonly EditingContext Sketch1 = new(ContextTypes.Sketcher, "Sketch001", ["Pad", "Fillet"]);
    private static readonly EditingContext Sketch2 = new(ContextTypes.Sketcher, "Sketch002");
    private static readonly EditingContext Asm = new(ContextTypes.Assembly, "Assembly");

    private readonly ISiloClient _client = Substitute.For<ISiloClient>();
    private readonly SettingsHolder _settings = new(SiloModSettings.Default);
    private readonly ActiveSessions _sessions = new();
    private readonly SignalHub _signals = new();
    private readonly FakeTimeProvider _clock = TestClock.New();
    private readonly ContextSyncHookOptions _options = new() { WorkstationId = Ws, UserName = "carol" };
    private readonly ContextSyncHook _hook;
    private readonly FileLineage _lineage;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hook-" + Guid.NewGuid().ToString("N"));
    private readonly List<SiloModSignal> _seen;
    private readonly IDisposable _recording;

    public ContextSyncHookTests()
    {
        Directory.CreateDirectory(_dir);
        _lineage = new FileLineage(Path.Combine(_dir, "lineage.json"), _clock);
        _hook = new ContextSyncHook(_client, _settings, _sessions, _lineage, _signals, _options, _clock);
        _seen = _signals.Record(out _recording);
    }

    public void Dispose()
    {
        _recording.Dispose();
        _signals.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static TrackedDocument Tracked(bool modified = true, string? path = null) => new(Pn, path, modified);

    private Task<ContextDecision> Move(EditingContext from, EditingContext to, TrackedDocument? doc = null) =>
        _hook.OnContextChangedAsync(new ContextChange(from, to, doc ?? Tracked()));

    private void Grant(string level, string objectId, string sessionId, params EditSessionConflict[] conflicts) =>
        _client.AcquireEditSessionAsync(Pn, Ws, level, objectId, Arg.Any<IReadOnlyList<string>?>(), Arg.Any<CancellationToken>())
            .Returns(new EditSessionResult(sessionId, conflicts.Length > 0 ? InterferenceLevels.Soft : InterferenceLevels.None, conflicts, 1,
                _clock.GetUtcNow().AddMinutes(2), _clock.GetUtcNow()));

    private void Refuse(string level, string objectId, Exception e) =>
        _client.AcquireEditSessionAsync(Pn, Ws, level, objectId, Arg.Any<IReadOnlyList<string>?>(), Arg.Any<CancellationToken>()).ThrowsAsync(e);

    private string SavedFile(string content)
    {
        var path = Path.Combine(_dir, "part.FCStd");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task OnContextChanged_UntrackedDocument_IsIgnoredWithoutServer()
    {
        var decision = await _hook.OnContextChangedAsync(new ContextChange(Doc, Sketch1, new TrackedDocument(null, "/x.FCStd", true)));

        Assert.Same(ContextDecision.Ignored, decision);
        Assert.Empty(_client.ReceivedCalls());
    }

    [Fact]
    public async Task OnContextChanged_EnterSketch_AcquiresWithConeAndAllows()
    {
        Grant(ContextLevels.Sketch, "Sketch001", "s-1");

        var decision = await Move(Body, Sketch1);

        Assert.Equal(EntryVerdict.Allow, decision.Entry!.Verdict);
        Assert.Equal("s-1", decision.Entry.SessionId);
        Assert.Null(decision.Exit);
        await _client.Received(1).AcquireEditSessionAsync(Pn, Ws, ContextLevels.Sketch, "Sketch001",
            Arg.Is<IReadOnlyList<string>?>(c => c!.SequenceEqual(new[] { "Pad", "Fillet" })), Arg.Any<CancellationToken>());
        Assert.Equal("s-1", _sessions.Remove("P-100:sketch:Sketch001")?.SessionId);
    }

    [Fact]
    public async Task OnContextChanged_LockingOff_AllowsWithoutServer()
    {
        _settings.Update(SiloModSettings.Default with { EditLockingEnabled = false });

        var decision = await Move(Doc, Body);

        Assert.Equal(EntryVerdict.Allow, decision.Entry!.Verdict);
        Assert.Null(decision.Entry.SessionId);
        Assert.Empty(_client.ReceivedCalls());
        Assert.Empty(_sessions.All());
    }

    [Fact]
    public async Task OnContextChanged_SoftInterference_AllowsWithWarningAndSignalsEachConflict()
    {
        var first = new EditSessionConflict("o-1", "dave", ContextLevels.Sketch, "Sketch009", ["Pad", "Fillet"], "shares");
        var second = new EditSessionConflict("o-2", "erin", ContextLevels.Sketch, "Sketch010", ["Fillet"], "shares");
        Grant(ContextLevels.Sketch, "Sketch001", "s-1", first, second);

        var decision = await Move(Body, Sketch1);

        Assert.Equal(EntryVerdict.AllowWithWarning, decision.Entry!.Verdict);
        Assert.Equal([first, second], decision.Entry.Conflicts);
        Assert.Contains("dave is editing Sketch009", decision.Entry.Message, StringComparison.Ordinal);
        var soft = _seen.OfType<SoftInterference>().ToList();
        Assert.Equal(["dave", "erin"], soft.Select(s => s.User));
        Assert.Equal(["Pad", "Fillet"], soft[0].SharedNodes);
        Assert.Single(_sessions.All());
    }

    [Fact]
    public async Task OnContextChanged_HardInterference_BlocksWithHolder()
    {
        var holder = new EditSessionHolder("h-1", "dave", "dave-laptop", ContextLevels.Sketch, "Sketch001", _clock.GetUtcNow());
        Refuse(ContextLevels.Sketch, "Sketch001", new HardInterferenceException(System.Net.HttpStatusCode.Conflict, new SiloProblem(), holder));

        var decision = await Move(Body, Sketch1);

        Assert.Equal(EntryVerdict.Block, decision.Entry!.Verdict);
        Assert.Same(holder, decision.Entry.Holder);
        Assert.Equal("dave is currently editing Sketch001 on dave-laptop.", decision.Entry.Message);
        var blocked = Assert.Single(_seen.OfType<HardInterferenceBlocked>());
        Assert.Equal(("dave", "h-1", "dave-laptop"), (blocked.HolderUser, blocked.HolderSessionId, blocked.HolderWorkstation));
        Assert.Empty(_sessions.All());
    }

    [Fact]
    public async Task OnContextChanged_ServerUnavailable_AllowsOfflineAndExitStillCheckpointsWithoutSession()
    {
        Refuse(ContextLevels.PartDesign, "Body", new UnavailableException("down"));

        var entry = await Move(Doc, Body);
        var exit = await Move(Body, Doc);

        Assert.Equal(EntryVerdict.AllowOffline, entry.Entry!.Verdict);
        Assert.Equal("Body", Assert.Single(_seen.OfType<OfflineEditing>()).ObjectId);
        Assert.Equal(new ExitDecision(ExitAction.Checkpoint, "body_close", null), exit.Exit);
    }

    [Fact]
    public async Task OnContextChanged_ItemUnknownToServer_AllowsOfflineWithSyncError()
    {
        Refuse(ContextLevels.Sketch, "Sketch001", new NotFoundException("no such item"));

        var decision = await Move(Body, Sketch1);

        Assert.Equal(EntryVerdict.AllowOffline, decision.Entry!.Verdict);
        Assert.Contains("no such item", Assert.Single(_seen.OfType<SyncError>()).Message, StringComparison.Ordinal);
        Assert.Empty(_seen.OfType<OfflineEditing>());
    }

    [Fact]
    public async Task OnContextChanged_NoWorkstationYet_AllowsOffline()
    {
        _options.WorkstationId = null;

        var decision = await Move(Doc, Body);

        Assert.Equal(EntryVerdict.AllowOffline, decision.Entry!.Verdict);
        Assert.Empty(_client.ReceivedCalls());
    }

    [Fact]
    public async Task OnContextChanged_DocumentStraightToSketch_AcquiresOnlyTheSketch()
    {
        Grant(ContextLevels.Sketch, "Sketch001", "s-1");

        await Move(Doc, Sketch1);

        await _client.Received(1).AcquireEditSessionAsync(Pn, Ws, ContextLevels.Sketch, "Sketch001", Arg.Any<IReadOnlyList<string>?>(), Arg.Any<CancellationToken>());
        await _client.DidNotReceive().AcquireEditSessionAsync(Pn, Ws, ContextLevels.PartDesign, Arg.Any<string>(), Arg.Any<IReadOnlyList<string>?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task OnContextChanged_SketchClose_CheckpointsSketchSessionAndKeepsBodySession()
    {
        Grant(ContextLevels.PartDesign, "Body", "b-1");
        Grant(ContextLevels.Sketch, "Sketch001", "s-1");
        await Move(Doc, Body);
        await Move(Body, Sketch1);

        var decision = await Move(Sketch1, Body);

        Assert.Null(decision.Entry);
        Assert.Equal(new ExitDecision(ExitAction.Checkpoint, "sketch_close", "s-1"), decision.Exit);
        Assert.Equal("b-1", Assert.Single(_sessions.All()).SessionId);
        await _client.DidNotReceive().ReleaseEditSessionAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task OnContextChanged_SketchStraightToDocument_CheckpointsBodyCloseAndReleasesBodySession()
    {
        Grant(ContextLevels.PartDesign, "Body", "b-1");
        Grant(ContextLevels.Sketch, "Sketch001", "s-1");
        await Move(Doc, Body);
        await Move(Body, Sketch1);

        var decision = await Move(Sketch1, Doc);

        Assert.Equal(new ExitDecision(ExitAction.Checkpoint, "body_close", "s-1"), decision.Exit);
        await _client.Received(1).ReleaseEditSessionAsync(Pn, "b-1", null, Arg.Any<CancellationToken>());
        Assert.Empty(_sessions.All());
    }

    [Fact]
    public async Task OnContextChanged_LeaveBody_CheckpointsBodyClose()
    {
        Grant(ContextLevels.PartDesign, "Body", "b-1");
        await Move(Doc, Body);

        var decision = await Move(Body, Doc);

        Assert.Equal(new ExitDecision(ExitAction.Checkpoint, "body_close", "b-1"), decision.Exit);
        Assert.Empty(_sessions.All());
    }

    [Fact]
    public async Task OnContextChanged_LeaveAssembly_CheckpointsAssemblyClose()
    {
        Grant(ContextLevels.Assembly, "Assembly", "a-1");
        await Move(Doc, Asm);

        var decision = await Move(Asm, Doc);

        Assert.Equal(new ExitDecision(ExitAction.Checkpoint, "assembly_close", "a-1"), decision.Exit);
    }

    [Fact]
    public async Task OnContextChanged_BodyInsideAssembly_NestsThenClosesBodyBeforeAssembly()
    {
        Grant(ContextLevels.Assembly, "Assembly", "a-1");
        Grant(ContextLevels.PartDesign, "Body", "b-1");
        await Move(Doc, Asm);

        var entered = await Move(Asm, Body);
        var bodyLeft = await Move(Body, Asm);
        var assemblyLeft = await Move(Asm, Doc);

        Assert.Equal(EntryVerdict.Allow, entered.Entry!.Verdict);
        Assert.Null(entered.Exit);
        Assert.Equal(new ExitDecision(ExitAction.Checkpoint, "body_close", "b-1"), bodyLeft.Exit);
        Assert.Null(bodyLeft.Entry);
        Assert.Equal(new ExitDecision(ExitAction.Checkpoint, "assembly_close", "a-1"), assemblyLeft.Exit);
        await _client.DidNotReceive().ReleaseEditSessionAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task OnContextChanged_NoUnsavedChanges_HandsTheFileOverAsItIsWithoutReleasingYet()
    {
        // Whether the file is the last push needs its bytes: the hand-over tells, off the host's thread.
        Grant(ContextLevels.PartDesign, "Body", "b-1");
        var path = SavedFile("v1");
        await Move(Doc, Body);

        var decision = await Move(Body, Doc, Tracked(modified: false, path));

        Assert.Equal(new ExitDecision(ExitAction.CheckpointIfChanged, "body_close", "b-1"), decision.Exit);
        await _client.DidNotReceive().ReleaseEditSessionAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task OnContextChanged_UnsavedChanges_SavesForACheckpoint()
    {
        var path = SavedFile("v1");
        _settings.Update(SiloModSettings.Default with { EditLockingEnabled = false });

        var decision = await Move(Body, Doc, Tracked(modified: true, path));

        Assert.Equal(new ExitDecision(ExitAction.Checkpoint, "body_close", null), decision.Exit);
    }

    [Fact]
    public async Task OnContextChanged_NeverSavedDocument_AsksForASave()
    {
        _settings.Update(SiloModSettings.Default with { EditLockingEnabled = false });

        var decision = await Move(Body, Doc, Tracked(modified: false, path: null));

        Assert.Equal(ExitAction.Checkpoint, decision.Exit!.Action);
    }

    [Fact]
    public async Task OnContextChanged_PushOnCloseOff_ReleasesWithoutCheckpoint()
    {
        Grant(ContextLevels.PartDesign, "Body", "b-1");
        await Move(Doc, Body);
        _settings.Update(SiloModSettings.Default with { PushOnContextClose = false });

        var decision = await Move(Body, Doc);

        Assert.Equal(new ExitDecision(ExitAction.ReleaseOnly, "body_close", "b-1"), decision.Exit);
        await _client.Received(1).ReleaseEditSessionAsync(Pn, "b-1", null, Arg.Any<CancellationToken>());
        await _client.DidNotReceive().PushCheckpointAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(),
            Arg.Any<Silo.Protocol.Checkpoints.Dag?>(), Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<Silo.Protocol.Lineage.PushLineage?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task OnContextChanged_PushOnCloseOffWithoutSession_DecidesNothing()
    {
        _settings.Update(SiloModSettings.Default with { PushOnContextClose = false, EditLockingEnabled = false });

        var decision = await Move(Body, Doc);

        Assert.Equal(ExitDecision.Nothing, decision.Exit);
    }

    [Fact]
    public async Task OnContextChanged_ReleaseWhileServerAway_NeitherThrowsNorReportsError()
    {
        Grant(ContextLevels.PartDesign, "Body", "b-1");
        await Move(Doc, Body);
        _settings.Update(SiloModSettings.Default with { PushOnContextClose = false });
        _client.ReleaseEditSessionAsync(Pn, "b-1", null, Arg.Any<CancellationToken>()).ThrowsAsync(new UnavailableException("down"));

        var decision = await Move(Body, Doc);

        Assert.Equal(ExitAction.ReleaseOnly, decision.Exit!.Action);
        Assert.Empty(_seen.OfType<SyncError>());
    }

    [Fact]
    public async Task OnContextChanged_SidewaysSketchToSketch_ExitsOldAndEntersNew()
    {
        Grant(ContextLevels.Sketch, "Sketch001", "s-1");
        Grant(ContextLevels.Sketch, "Sketch002", "s-2");
        await Move(Body, Sketch1);

        var decision = await Move(Sketch1, Sketch2);

        Assert.Equal(new ExitDecision(ExitAction.Checkpoint, "sketch_close", "s-1"), decision.Exit);
        Assert.Equal(EntryVerdict.Allow, decision.Entry!.Verdict);
        Assert.Equal("s-2", decision.Entry.SessionId);
        Assert.Equal("s-2", Assert.Single(_sessions.All()).SessionId);
    }

    [Fact]
    public async Task ReleaseNow_SessionOfOpenContext_AsksHostToLeave()
    {
        Grant(ContextLevels.Sketch, "Sketch001", "s-1");
        await Move(Body, Sketch1);

        await _hook.ReleaseNowAsync("s-1");

        Assert.Equal(new LeaveContextRequested(Pn, "Sketch001", "s-1"), Assert.Single(_seen.OfType<LeaveContextRequested>()));
        await _client.DidNotReceive().ReleaseEditSessionAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<CancellationToken>());
        Assert.Single(_sessions.All());
    }

    [Fact]
    public async Task ReleaseNow_SessionOfAContextAlreadyLeft_IsNotHeldAnyMore()
    {
        Grant(ContextLevels.Sketch, "Sketch001", "s-1");
        await Move(Body, Sketch1);
        await Move(Sketch1, Body);

        await _hook.ReleaseNowAsync("s-1");

        Assert.Contains("not held by this workstation", Assert.Single(_seen.OfType<SyncError>()).Message, StringComparison.Ordinal);
        Assert.Empty(_seen.OfType<LeaveContextRequested>());
    }

    [Fact]
    public async Task RequestHandoff_WithoutMessage_NamesUserAndBlockedObject()
    {
        var holder = new EditSessionHolder("h-1", "dave", null, ContextLevels.Sketch, "Sketch001", _clock.GetUtcNow());
        Refuse(ContextLevels.Sketch, "Sketch001", new HardInterferenceException(System.Net.HttpStatusCode.Conflict, new SiloProblem(), holder));
        await Move(Body, Sketch1);

        await _hook.RequestHandoffAsync(Pn, "h-1");

        await _client.Received(1).RequestHandoffAsync(Pn, "h-1", "carol would like to edit Sketch001", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task RequestHandoff_ServerAway_ReportsSyncErrorInsteadOfThrowing()
    {
        _client.RequestHandoffAsync(Pn, "h-1", Arg.Any<string?>(), Arg.Any<CancellationToken>()).ThrowsAsync(new UnavailableException("down"));

        await _hook.RequestHandoffAsync(Pn, "h-1", "please");

        Assert.Single(_seen.OfType<SyncError>());
    }
}
