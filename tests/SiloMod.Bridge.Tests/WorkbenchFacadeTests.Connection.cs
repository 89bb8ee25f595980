using NSubstitute;

namespace SiloMod.Bridge.Tests;

public sealed partial class WorkbenchFacadeTests
{
    [Fact]
    public void Connect_Twice_StartsOnce_AndSaysWhichCallStarted()
    {
        var first = _facade.Connect(Request);
        var second = _facade.Connect(Request);

        Assert.True(first.StartedNow);
        Assert.False(second.StartedNow);
        Assert.Equal(new CoreIdentity("ws-1", "alice"), second.Identity);
        Assert.Equal([Request], _requests);
    }

    [Fact]
    public async Task Connect_WithOtherServerWhileRunning_StopsTheRunningCoreFirst()
    {
        _facade.Connect(Request);
        var other = Request with { ServerUrl = "http://other" };

        Assert.True(_facade.Connect(other).StartedNow);

        Assert.Equal([Request, other], _requests);
        await ((IAsyncDisposable)_core).Received(1).DisposeAsync();
    }

    [Theory]
    [InlineData("", "t")]
    [InlineData("http://silo", " ")]
    public void Connect_WithoutServerOrToken_SaysWhereToSetThem(string server, string token)
    {
        var error = Assert.Throws<BridgeException>(() => _facade.Connect(Request with { ServerUrl = server, Token = token }));

        Assert.Equal(BridgeException.Types.NotConfigured, error.Type);
        Assert.Contains("Preferences", error.Message, StringComparison.Ordinal);
        Assert.Empty(_requests);
    }

    [Fact]
    public void Connect_SoonAfterAFailure_FailsAgainWithoutAskingTheServer()
    {
        FailNextStart();
        var first = Assert.Throws<InvalidOperationException>(() => _facade.Connect(Request));
        _time.Advance(WorkbenchFacade.RetryAfter - TimeSpan.FromSeconds(1));

        var again = Assert.Throws<InvalidOperationException>(() => _facade.Connect(Request));

        Assert.Same(first, again);
        _ = _factory.Received(1).StartAsync(Arg.Any<StartRequest>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public void Connect_AfterTheRetryWindow_AsksTheServerAgain()
    {
        FailNextStart();
        Assert.Throws<InvalidOperationException>(() => _facade.Connect(Request));
        _time.Advance(WorkbenchFacade.RetryAfter);

        Assert.True(_facade.Connect(Request).StartedNow);
    }

    [Fact]
    public void Connect_ForcedOrWithOtherToken_AsksTheServerAtOnce()
    {
        FailNextStart();
        Assert.Throws<InvalidOperationException>(() => _facade.Connect(Request));

        Assert.True(_facade.Connect(Request with { Token = "new" }).StartedNow);
        _facade.Stop();
        Assert.True(_facade.Connect(Request, force: true).StartedNow);
    }

    private void FailNextStart() =>
        _factory.StartAsync(Arg.Any<StartRequest>(), Arg.Any<CancellationToken>())
            .Returns(
                _ => Task.FromException<StartedCore>(new InvalidOperationException("The Silo server could not be reached.")),
                _ => Task.FromResult(new StartedCore(_core, "ws-1", "alice")));
}
