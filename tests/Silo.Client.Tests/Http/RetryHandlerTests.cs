using Silo.Protocol.EditSessions;
using Silo.Client.Errors;
using Silo.Client.Tests.Support;

namespace Silo.Client.Tests.Http;

/// <summary>Retries against the real server going away and coming back, with retry delays on a manual clock.</summary>
public sealed class RetryHandlerTests : ClientTestBase
{
    [Fact]
    public async Task ListWorkstationsAsync_ServerDownThenBack_SucceedsOnRetry()
    {
        var clock = new SignallingClock();
        var client = ClientFor(AliceToken, retries: 3, time: clock);
        await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"));
        await Server.StopAsync();

        var call = client.ListWorkstationsAsync();
        var delay = await clock.NextTimerAsync();
        await Server.RestartAsync();
        clock.Advance(delay);

        Assert.Single(await call);
        Assert.Equal(1, clock.TimersCreated);
    }

    [Fact]
    public async Task ListWorkstationsAsync_ServerStaysDown_ThrowsUnavailableAfterEveryRetry()
    {
        var clock = new SignallingClock();
        var client = ClientFor(AliceToken, retries: 2, time: clock);
        await Server.StopAsync();

        var call = client.ListWorkstationsAsync();
        var first = await clock.NextTimerAsync();
        clock.Advance(first);
        var second = await clock.NextTimerAsync();
        clock.Advance(second);

        await Assert.ThrowsAsync<UnavailableException>(() => call);
        Assert.Equal(2, clock.TimersCreated);
    }

    [Fact]
    public async Task AnyCall_ClientError_IsNotRetried()
    {
        var clock = new SignallingClock();
        var client = ClientFor(AliceToken, retries: 3, time: clock);

        await Assert.ThrowsAsync<ValidationException>(() => client.RegisterWorkstationAsync("pc", "not-a-digest"));
        await Assert.ThrowsAsync<NotFoundException>(() => client.GetEditSessionsAsync("NO-SUCH"));

        Assert.Equal(0, clock.TimersCreated);
    }

    [Fact]
    public async Task AcquireEditSessionAsync_ServerDownThenBack_RetriesRepeatablePost()
    {
        await Server.CreateItemAsync("PRT-1");
        var ws = (await Alice.RegisterWorkstationAsync("alice-pc", Fingerprint("a"))).Id;
        var clock = new SignallingClock();
        var budget = TimeSpan.FromHours(1);
        var client = ClientFor(AliceToken, retries: 3, time: clock, configure: o => o.AcquireBudget = budget);
        await Server.StopAsync();

        var call = client.AcquireEditSessionAsync("PRT-1", ws, ContextLevels.Sketch, "Sketch001", []);
        // The acquire budget's timer comes first, then the retry delay's.
        Assert.Equal(budget, await clock.NextTimerAsync());
        var delay = await clock.NextTimerAsync();
        await Server.RestartAsync();
        clock.Advance(delay);

        var session = await call;
        Assert.Equal(session.SessionId, Assert.Single(await Alice.GetEditSessionsAsync("PRT-1")).SessionId);
    }
}
