using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Silo.Client;
using Silo.Protocol.EditSessions;
using Silo.Protocol.Lineage;
using Silo.Testing;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.EditSessions;
using SiloMod.Core.Host;
using SiloMod.Core.Lineage;
using SiloMod.Core.Settings;
using SiloMod.Core.Signals;

namespace SiloMod.Core.Tests.EditSessions;

/// <summary>Entering a document that is behind its item's head tells the user before any edit, and leaving unanswered changes nothing.</summary>
public sealed class ContextSyncHookFreshnessTests : IDisposable
{
    private const string Pn = "P-300";
    private const string Ws = "ws-1";

    private static readonly EditingContext Doc = EditingContext.Document;
    private static readonly EditingContext Body = new(ContextTypes.PartDesign, "Body");
    private static readonly EditingContext Sketch = new(ContextTypes.Sketcher, "Sketch");

    private readonly ISiloClient _client = Substitute.For<ISiloClient>();
    private readonly SignalHub _signals = new();
    private readonly FakeTimeProvider _clock = TestClock.New();
    private readonly string _dir = Directory.CreateTempSubdirectory("hook-freshness-").FullName;
    private readonly FileLineage _lineage;
    private readonly ContextSyncHook _hook;
    private readonly string _file;

    public ContextSyncHookFreshnessTests()
    {
        _file = Path.Combine(_dir, "PRT-300.FCStd");
        File.WriteAllText(_file, "revision one");
        _lineage = new FileLineage(Path.Combine(_dir, "lineage.json"), _clock);
        _hook = new ContextSyncHook(_client, new SettingsHolder(SiloModSettings.Default), new ActiveSessions(), _lineage, _signals,
            new ContextSyncHookOptions { WorkstationId = Ws, UserName = "bob" }, _clock);
    }

    public void Dispose()
    {
        _signals.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Sha(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));

    private ItemVersion Version(long number, string content, string user = "alice", string kind = VersionKinds.Checkpoint) =>
        new(number, kind, $"v-{number}", Sha(content), content.Length, user, kind == VersionKinds.Checkpoint ? "body_close" : null,
            kind == VersionKinds.Revision ? (int)number : null, _clock.GetUtcNow());

    private void Grant(string level, string objectId, string sessionId, ItemVersion? head) =>
        _client.AcquireEditSessionAsync(Pn, Ws, level, objectId, Arg.Any<IReadOnlyList<string>?>(), Arg.Any<CancellationToken>())
            .Returns(new EditSessionResult(sessionId, InterferenceLevels.None, [], 1, _clock.GetUtcNow().AddMinutes(2), _clock.GetUtcNow(), head));

    private Task<ContextDecision> Move(EditingContext from, EditingContext to, bool modified = false) =>
        _hook.OnContextChangedAsync(new ContextChange(from, to, new TrackedDocument(Pn, _file, modified)));

    [Fact]
    public async Task OnContextChanged_EnterBodyOfAFileBehindTheHead_AllowsAndSaysWhoHasTheNewerVersion()
    {
        _lineage.Record(_file, Pn, Version(1, "revision one", "admin", VersionKinds.Revision).Ref, downloaded: true);
        Grant(ContextLevels.PartDesign, "Body", "b-1", Version(2, "alice's sketch"));

        var decision = await Move(Doc, Body);

        Assert.Equal(EntryVerdict.Allow, decision.Entry!.Verdict);
        var stale = decision.Entry.Stale!;
        Assert.Equal(2, stale.Head.Version);
        Assert.Equal(1, stale.LocalBase?.Version);
        Assert.Equal("P-300 has a newer version than version 1 your file is based on: alice's checkpoint body_close of 09:00.",
            stale.Message.Replace(_clock.GetUtcNow().ToLocalTime().ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), "09:00",
                StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnContextChanged_EnterBodyOfAFileOnTheHead_SaysNothing()
    {
        _lineage.Record(_file, Pn, Version(2, "revision one").Ref, downloaded: true);
        Grant(ContextLevels.PartDesign, "Body", "b-1", Version(2, "revision one"));

        var decision = await Move(Doc, Body);

        Assert.Null(decision.Entry!.Stale);
        await _client.DidNotReceiveWithAnyArgs().ListVersionsAsync(default!);
    }

    [Fact]
    public async Task OnContextChanged_FileNeverSeenBefore_IsKnownByItsBytesOnceAndForAll()
    {
        _client.ListVersionsAsync(Pn, Sha("revision one"), 1, Arg.Any<CancellationToken>())
            .Returns([Version(1, "revision one", "admin", VersionKinds.Revision)]);
        Grant(ContextLevels.PartDesign, "Body", "b-1", Version(2, "alice's sketch"));

        var first = await Move(Doc, Body);
        await Move(Body, Doc);
        var second = await Move(Doc, Body);

        Assert.Equal(1, first.Entry!.Stale!.LocalBase?.Version);
        Assert.Equal(1, second.Entry!.Stale!.LocalBase?.Version);
        await _client.ReceivedWithAnyArgs(1).ListVersionsAsync(default!);
        Assert.True(_lineage.Of(_file)!.Downloaded);
    }

    [Fact]
    public async Task OnContextChanged_UnknownBytes_AreBehindAHeadWithoutALocalBase()
    {
        _client.ListVersionsAsync(Pn, Arg.Any<string?>(), 1, Arg.Any<CancellationToken>()).Returns([]);
        Grant(ContextLevels.PartDesign, "Body", "b-1", Version(1, "alice's first"));

        var decision = await Move(Doc, Body);

        Assert.Null(decision.Entry!.Stale!.LocalBase);
        Assert.StartsWith("P-300 has a newer version: alice's", decision.Entry.Stale.Message, StringComparison.Ordinal);
        Assert.Null(_lineage.Of(_file));
    }

    [Fact]
    public async Task OnContextChanged_LeaveBeforeAnswering_ReleasesAndPushesNothing()
    {
        _lineage.Record(_file, Pn, Version(1, "revision one").Ref, downloaded: true);
        Grant(ContextLevels.PartDesign, "Body", "b-1", Version(2, "alice's sketch"));
        await Move(Doc, Body);

        var decision = await Move(Body, Doc, modified: true);

        Assert.Equal(new ExitDecision(ExitAction.ReleaseOnly, SessionId: "b-1"), decision.Exit);
        await _client.Received(1).ReleaseEditSessionAsync(Pn, "b-1", null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task EditAnyway_ThenLeave_PushesAndTheSameHeadIsNotAskedAgain()
    {
        _lineage.Record(_file, Pn, Version(1, "revision one").Ref, downloaded: true);
        Grant(ContextLevels.PartDesign, "Body", "b-1", Version(2, "alice's sketch"));
        Grant(ContextLevels.Sketch, "Sketch", "s-1", Version(2, "alice's sketch"));
        await Move(Doc, Body);

        _hook.EditAnyway(Pn);
        var sketch = await Move(Body, Sketch);
        await Move(Sketch, Body, modified: true);
        var leave = await Move(Body, Doc, modified: true);
        var again = await Move(Doc, Body);

        Assert.Null(sketch.Entry!.Stale);
        Assert.Equal(ExitAction.Checkpoint, leave.Exit!.Action);
        Assert.Equal("b-1", leave.Exit.SessionId);
        Assert.Null(again.Entry!.Stale);
    }

    [Fact]
    public async Task EditAnyway_ANewerHeadLater_IsAskedAgain()
    {
        _lineage.Record(_file, Pn, Version(1, "revision one").Ref, downloaded: true);
        Grant(ContextLevels.PartDesign, "Body", "b-1", Version(2, "alice's sketch"));
        await Move(Doc, Body);
        _hook.EditAnyway(Pn);
        await Move(Body, Doc);

        Grant(ContextLevels.PartDesign, "Body", "b-2", Version(3, "carol's pad"));
        var decision = await Move(Doc, Body);

        Assert.Equal(3, decision.Entry!.Stale!.Head.Version);
    }
}
