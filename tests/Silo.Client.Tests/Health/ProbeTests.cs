using Silo.Client.Errors;
using Silo.Client.Tests.Support;
using Silo.Testing;

namespace Silo.Client.Tests.Health;

/// <summary>The reachability probe against the real server, through the fault proxy; the circuit's break runs on a manual clock.</summary>
public sealed class ProbeTests : ClientTestBase
{
    private FaultProxy _proxy = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _proxy = FaultProxy.Start(Server.BaseAddress);
    }

    public override async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task ProbeAsync_ServerUp_True()
    {
        Assert.True(await Alice.ProbeAsync());
    }

    [Fact]
    public async Task ProbeAsync_ServerStopped_FalseWithoutThrowing()
    {
        await Server.StopAsync();

        Assert.False(await ClientFor(AliceToken, retries: 3).ProbeAsync());
    }

    [Fact]
    public async Task ProbeAsync_ConnectionDropped_FalseAfterOneAttempt()
    {
        var client = ClientFor(AliceToken, baseAddress: _proxy.BaseAddress, retries: 3, time: TestClock.New());
        _proxy.DropConnections();

        Assert.False(await client.ProbeAsync());
        Assert.Equal(1, _proxy.Connections);
    }

    [Fact]
    public async Task ProbeAsync_CircuitOpenAndServerBack_AnswersAndClosesTheCircuitBeforeItsBreakEnds()
    {
        var client = ClientFor(AliceToken, baseAddress: _proxy.BaseAddress, time: TestClock.New(), configure: o =>
        {
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerBreakDuration = TimeSpan.FromMinutes(10);
        });
        _proxy.DropConnections();
        for (var i = 0; i < 2; i++) await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());
        _proxy.PassThrough();
        var open = await Assert.ThrowsAsync<UnavailableException>(() => client.ListWorkstationsAsync());
        Assert.Contains("is not asked again", open.Message, StringComparison.Ordinal);

        Assert.True(await client.ProbeAsync());

        // The manual clock never moved: only the probe's answer can have closed the circuit.
        Assert.Empty(await client.ListWorkstationsAsync());
    }
}
