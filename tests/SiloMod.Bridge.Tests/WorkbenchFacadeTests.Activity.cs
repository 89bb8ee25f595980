using NSubstitute;
using Silo.Client.Events;
using SiloMod.Core.Activity;
using SiloMod.Core.Host;
using SiloMod.Core.Signals;
using SiloMod.Core.Sync;

namespace SiloMod.Bridge.Tests;

public sealed partial class WorkbenchFacadeTests
{
    private static readonly TimeZoneInfo UtcPlusTwo = TimeZoneInfo.CreateCustomTimeZone("UTC+2", TimeSpan.FromHours(2), "UTC+2", "UTC+2");

    [Fact]
    public void ActivityRows_FollowTheCoresSignals_AndEachChangeIsPublished()
    {
        List<ActivityChange> changes = [];
        using var subscription = _facade.ActivityChanges.Subscribe(changes.Add);
        _facade.Start(Request);

        _signals.OnNext(new FileConflict("PRT-1", "/p/PRT-1.FCStd", "local_modified"));

        var row = Assert.Single(_facade.ActivityRows);
        Assert.Equal("⚠ Conflict: PRT-1 — a newer version is on the server", row.Text);
        Assert.Equal((ActivityChangeKind.Added, row), (changes[^1].Kind, changes[^1].Row));
    }

    [Fact]
    public void ActivityHeader_FollowsTheStatus_InTheClocksZone()
    {
        using var facade = new WorkbenchFacade(() => null, new ZoneClock(UtcPlusTwo));
        var status = new SyncStatus(0, 0, 0, 0, ConnectionState.Connected, T0);
        _facade.Start(Request);

        _status.OnNext(status);

        Assert.StartsWith("🟢 Connected", _facade.ActivityHeader.Text, StringComparison.Ordinal);
        Assert.Equal("05:06", facade.ClockText(T0));
        Assert.Equal("05:06", facade.LastSyncText(status));
        Assert.Equal("🟢 Connected", facade.ConnectionText(status));
    }

    [Fact]
    public void Start_RefusedPushesWaiting_ComeBackAsCards()
    {
        _core.PushConflicts().Returns([new PushConflict("PRT-3", "body_close", "/w/PRT-3.FCStd", null, null, "Refused.", "e-1")]);

        _facade.Start(Request);

        Assert.Equal("push_conflict", Assert.Single(_facade.ActivityRows).Kind);
    }

    [Fact]
    public void PresenceChanged_DetailsAreReadFromTheRunningCore()
    {
        _core.Presence("PRT-1").Returns([new PresenceEntry("s-1", "carol", "PRT-1", "sketch", "Sketch", T0)]);
        _facade.Start(Request);

        _signals.OnNext(new PresenceChanged("PRT-1"));

        Assert.StartsWith("carol is editing Sketch (sketch) since ", Assert.Single(Assert.Single(_facade.ActivityRows).Details), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerformActivity_Skip_ResolvesThroughTheCoreAndSettlesTheRow()
    {
        _facade.Start(Request);
        _signals.OnNext(new FileConflict("PRT-1", "/p/PRT-1.FCStd", "local_modified"));
        var row = _facade.ActivityRows[0];

        _facade.PerformActivity(row.Id, ActivityActionKind.Skip);

        await _core.Received(1).ResolveConflictAsync("PRT-1", ConflictChoice.Skip, Arg.Any<CancellationToken>());
        Assert.Empty(_facade.ActivityRows[0].Actions);
    }

    [Fact]
    public void PerformActivity_RowGone_IsInvalidArguments()
    {
        var error = Assert.Throws<BridgeException>(() => _facade.PerformActivity(42, ActivityActionKind.Dismiss));

        Assert.Equal(BridgeException.Types.InvalidArguments, error.Type);
    }

    [Fact]
    public void ClearActivity_RemovesEveryRow()
    {
        _facade.Start(Request);
        _signals.OnNext(new SyncError(null, "boom"));

        _facade.ClearActivity();

        Assert.Empty(_facade.ActivityRows);
    }

    [Fact]
    public void PresenceText_WordsTheEntriesInTheClocksZone()
    {
        using var facade = new WorkbenchFacade(() => null, new ZoneClock(UtcPlusTwo));

        Assert.Equal("PRT-1:\n  carol is editing Sketch (sketch) since 05:06", facade.PresenceText("PRT-1", [new PresenceEntry("s-1", "carol", "PRT-1", "sketch", "Sketch", T0)]));
    }

    private sealed class ZoneClock(TimeZoneInfo zone) : TimeProvider
    {
        public override TimeZoneInfo LocalTimeZone => zone;
    }
}
