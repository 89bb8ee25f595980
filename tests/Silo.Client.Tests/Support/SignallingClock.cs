using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Silo.Testing;

namespace Silo.Client.Tests.Support;

/// <summary>
/// A manual clock that reports each timer created on it, so a test knows the client is now
/// waiting out a retry delay, and can act (restart the server) before advancing past it.
/// </summary>
internal sealed class SignallingClock() : FakeTimeProvider(TestClock.Start)
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();
    private int _created;

    public int TimersCreated => Volatile.Read(ref _created);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _created);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <returns>The due time of the next timer created.</returns>
    public async Task<TimeSpan> NextTimerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _timers.Reader.ReadAsync(timeout.Token);
    }
}
