using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Silo.Client;
using Silo.Client.Errors;
using Silo.Client.Workstations;
using Silo.Testing;
using SiloMod.Core.Signals;
using SiloMod.Core.Tests.Support;
using SiloMod.Core.Workstations;

namespace SiloMod.Core.Tests.Workstations;

#pragma warning disable CA1001 // xunit disposes it through IAsyncLifetime.DisposeAsync.
public sealed class HeartbeatServiceTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly ISiloClient _client = Substitute.For<ISiloClient>();
    private readonly SignalHub _signals = new();
    private readonly FakeTimeProvider _clock = TestClock.New();
    private readonly SemaphoreSlim _beats = new(0);
    private HeartbeatService _service = null!;

    public Task InitializeAsync()
    {
        _service = new HeartbeatService(_client, "ws-1", _signals, _clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _signals.Dispose();
        _beats.Dispose();
    }

    private void Answer(Func<int, Task<HeartbeatResult>> answer)
    {
        var calls = 0;
        _client.HeartbeatAsync("ws-1", Arg.Any<CancellationToken>()).Returns(_ =>
        {
            var n = Interlocked.Increment(ref calls);
            try { return answer(n); }
            finally { _beats.Release(); }
        });
    }

    private async Task NextBeat() => Assert.True(await _beats.WaitAsync(SignalAwaiter.SafetyNet), "no heartbeat");

    [Fact]
    public async Task Start_EachIntervalAdvance_BeatsOnce()
    {
        Answer(n => Task.FromResult(new HeartbeatResult(n, _clock.GetUtcNow().AddMinutes(2))));

        await _service.StartAsync();
        await NextBeat();
        _clock.Advance(TimeSpan.FromSeconds(30));
        await NextBeat();
        _clock.Advance(TimeSpan.FromSeconds(30));
        await NextBeat();

        await _client.Received(3).HeartbeatAsync("ws-1", Arg.Any<CancellationToken>());
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(_beats.Wait(0));
    }

    [Fact]
    public async Task Beat_ServerUnavailable_KeepsBeatingWithoutError()
    {
        var errors = _signals.Record(out var subscription);
        Answer(n => n == 1
            ? Task.FromException<HeartbeatResult>(new UnavailableException("down"))
            : Task.FromResult(new HeartbeatResult(1, _clock.GetUtcNow())));

        await _service.StartAsync();
        await NextBeat();
        _clock.Advance(TimeSpan.FromSeconds(30));
        await NextBeat();

        subscription.Dispose();
        Assert.Empty(errors);
        Assert.False(_service.Stopped.IsCompleted);
    }

    [Fact]
    public async Task Beat_WorkstationDeleted_ReportsSyncErrorAndStops()
    {
        Answer(_ => Task.FromException<HeartbeatResult>(new NotFoundException("no such workstation")));
        var error = _signals.Next<SyncError>();

        await _service.StartAsync();

        Assert.Contains("ws-1", (await error).Message, StringComparison.Ordinal);
        await _service.Stopped.Within();
        await NextBeat();
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _client.Received(1).HeartbeatAsync("ws-1", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task LastResult_AfterBeat_HoldsAnswer()
    {
        var answer = new HeartbeatResult(2, _clock.GetUtcNow().AddMinutes(2));
        Answer(_ => Task.FromResult(answer));

        await _service.StartAsync();
        await NextBeat();
        // Disposing waits for the beat in flight, so its answer is recorded by then.
        await _service.DisposeAsync();

        Assert.Equal(answer, _service.LastResult);
    }
}
