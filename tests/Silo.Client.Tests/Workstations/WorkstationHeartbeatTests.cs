using Silo.Protocol.EditSessions;
using Silo.Client.Errors;
using Silo.Client.Tests.Support;
using Silo.Client.Workstations;

namespace Silo.Client.Tests.Workstations;

public sealed class WorkstationHeartbeatTests : ClientTestBase
{
    [Fact]
    public async Task RunAsync_EachInterval_RenewsSessionLeasePastItsFirstExpiry()
    {
        await Server.CreateItemAsync("PRT-1");
        var ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
        var session = await Alice.AcquireEditSessionAsync("PRT-1", ws, ContextLevels.PartDesign, "Body", []);
        var clock = new SignallingClock();
        var beats = new List<HeartbeatResult>();
        using var cts = new CancellationTokenSource();

        var loop = WorkstationHeartbeat.RunAsync(Alice, ws, TimeSpan.FromSeconds(30), clock, beats.Add, cts.Token);
        await clock.NextTimerAsync();
        for (var i = 0; i < 4; i++)
        {
            // Server time moves with the heartbeat clock: 4 × 30 s is past the 2-minute lease.
            Server.Clock.Advance(TimeSpan.FromSeconds(30));
            clock.Advance(TimeSpan.FromSeconds(30));
            await clock.NextTimerAsync();
        }
        await Server.RunMaintenanceAsync();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.Equal(5, beats.Count);
        Assert.All(beats, b => Assert.Equal(1, b.Renewed));
        var live = Assert.Single(await Alice.GetEditSessionsAsync("PRT-1"));
        Assert.Equal(session.SessionId, live.SessionId);
        Assert.True(live.ExpiresAt > session.ExpiresAt + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task RunAsync_ServerDown_KeepsBeatingUntilItIsBack()
    {
        var ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
        var clock = new SignallingClock();
        var beats = new List<HeartbeatResult>();
        using var cts = new CancellationTokenSource();
        await Server.StopAsync();

        var loop = WorkstationHeartbeat.RunAsync(Alice, ws, TimeSpan.FromSeconds(30), clock, beats.Add, cts.Token);
        await clock.NextTimerAsync();
        await Server.RestartAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        await clock.NextTimerAsync();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.Single(beats);
    }

    [Fact]
    public async Task RunAsync_WorkstationDeleted_ThrowsNotFound()
    {
        var ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
        await Alice.DeleteWorkstationAsync(ws);

        await Assert.ThrowsAsync<NotFoundException>(() => WorkstationHeartbeat.RunAsync(Alice, ws, TimeSpan.FromSeconds(30), new SignallingClock()));
    }
}
