using NSubstitute;
using SiloMod.Core.Activity;
using SiloMod.Core.Checkpoints;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;
using static SiloMod.Core.Tests.Activity.SampleSignals;

namespace SiloMod.Core.Tests.Activity;

public sealed class ActivityCommandsTests : IDisposable
{
    private readonly IHostProtocol _core = Substitute.For<IHostProtocol>();
    private readonly ActivityFeed _feed;

    public ActivityCommandsTests()
    {
        _feed = new ActivityFeed(UtcClock());
    }

    public void Dispose() => _feed.Dispose();

    private Task Perform(ActivityRow row, ActivityActionKind kind) => ActivityCommands.PerformAsync(_feed, row.Id, kind, () => _core, CancellationToken.None);

    private ActivityRow Add(SiloModSignal signal) => _feed.Apply(signal)!;

    private void AssertSettled(ActivityRow row, string outcome)
    {
        var card = _feed.Find(row.Id)!;
        Assert.Empty(card.Actions);
        Assert.Equal(outcome, card.Details[^1]);
    }

    [Fact]
    public async Task PerformAsync_RequestHandoff_AsksTheHolderAndSettlesTheCard()
    {
        var row = Add(Blocked);

        await Perform(row, ActivityActionKind.RequestHandoff);

        await _core.Received(1).RequestHandoffAsync("PRT-100", "s-alice", null, Arg.Any<CancellationToken>());
        AssertSettled(row, "Handoff requested from alice — you are told when they release it.");
    }

    [Fact]
    public async Task PerformAsync_RequestHandoffThenTheCoresSignal_SaysItOnce()
    {
        var row = Add(Blocked);

        await Perform(row, ActivityActionKind.RequestHandoff);
        _feed.Apply(HandoffSentToAlice);

        Assert.Single(_feed.Find(row.Id)!.Details, d => d.StartsWith("Handoff requested", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PerformAsync_ReleaseNow_ReleasesMySession()
    {
        var row = Add(Handoff);

        await Perform(row, ActivityActionKind.ReleaseNow);

        await _core.Received(1).ReleaseNowAsync("s-mine", Arg.Any<CancellationToken>());
        AssertSettled(row, "Released: leaving the editing context.");
    }

    [Theory]
    [InlineData(ActivityActionKind.Overwrite, ConflictChoice.Overwrite, "Overwritten with the server's version.")]
    [InlineData(ActivityActionKind.Skip, ConflictChoice.Skip, "Skipped: your local file is kept.")]
    public async Task PerformAsync_ConflictChoice_ResolvesTheConflict(ActivityActionKind kind, ConflictChoice choice, string outcome)
    {
        var row = Add(Conflict);

        await Perform(row, kind);

        await _core.Received(1).ResolveConflictAsync("PRT-102", choice, Arg.Any<CancellationToken>());
        AssertSettled(row, outcome);
    }

    [Theory]
    [InlineData(ActivityActionKind.OverwriteTheirs, PushConflictChoice.OverwriteTheirs)]
    [InlineData(ActivityActionKind.KeepAsCopy, PushConflictChoice.KeepAsCopy)]
    [InlineData(ActivityActionKind.DiscardMine, PushConflictChoice.DiscardMine)]
    public async Task PerformAsync_PushConflictChoice_SettlesWithTheCoresSentence(ActivityActionKind kind, PushConflictChoice choice)
    {
        _core.ResolvePushConflictAsync("PRT-300", choice, "e-7", Arg.Any<CancellationToken>()).Returns("Done as you chose.");
        var row = Add(Refused);

        await Perform(row, kind);

        AssertSettled(row, "Done as you chose.");
    }

    [Fact]
    public async Task PerformAsync_Defer_HidesTheRowWithoutTheCore()
    {
        var row = Add(Handoff);

        await ActivityCommands.PerformAsync(_feed, row.Id, ActivityActionKind.Defer, () => throw new InvalidOperationException("no core"), CancellationToken.None);

        Assert.Null(_feed.Find(row.Id));
        Assert.Contains("not notified", _feed.Header.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerformAsync_Dismiss_RemovesTheRow()
    {
        var row = Add(Handoff);

        await Perform(row, ActivityActionKind.Dismiss);

        Assert.Empty(_feed.Rows);
        Assert.Empty(_core.ReceivedCalls());
    }

    [Fact]
    public async Task PerformAsync_FailingCall_LeavesTheButtons()
    {
        _core.ReleaseNowAsync("s-mine", Arg.Any<CancellationToken>()).Returns(Task.FromException(new InvalidOperationException("server away")));
        var row = Add(Handoff);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Perform(row, ActivityActionKind.ReleaseNow));

        Assert.Equal(3, _feed.Find(row.Id)!.Actions.Count);
    }

    [Fact]
    public async Task PerformAsync_OpenOrAButtonTheRowLacks_IsRefused()
    {
        var row = Add(RevisionSynced);

        await Assert.ThrowsAsync<ArgumentException>(() => Perform(row, ActivityActionKind.Open));
        await Assert.ThrowsAsync<ArgumentException>(() => Perform(row, ActivityActionKind.Skip));
        await Assert.ThrowsAsync<ArgumentException>(() => ActivityCommands.PerformAsync(_feed, 999, ActivityActionKind.Dismiss, () => _core, CancellationToken.None));
    }
}
