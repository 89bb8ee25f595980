using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Silo.Testing;

namespace SiloMod.Core.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that runs by itself at a chosen speed: every few real
/// milliseconds it advances by the real time elapsed times <see cref="Speed"/>, firing the timers
/// due. For tests against the real server, where real I/O happens between timers so a test cannot
/// advance a clock by hand, but minutes of back-off must pass in seconds. Timers keep their
/// virtual due times across a change of speed, so a wait begun fast is not cut short later.
/// </summary>
internal sealed class RunningClock : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private double _speed;

    public RunningClock(double speed)
    {
        _speed = speed;
        _pump = Task.Run(PumpAsync);
    }

    public FakeTimeProvider Time { get; } = TestClock.New();

    /// <summary>Virtual seconds per real second, from now on.</summary>
    public double Speed
    {
        get => Volatile.Read(ref _speed);
        set => Volatile.Write(ref _speed, value);
    }

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Completes once the virtual clock has moved <paramref name="by"/> from now.</summary>
    public Task PassAsync(TimeSpan by) => Task.Delay(by, Time, _stop.Token);

    private async Task PumpAsync()
    {
        var real = Stopwatch.StartNew();
        var last = real.Elapsed;
        using var ticks = new PeriodicTimer(Tick);
        while (await ticks.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            var now = real.Elapsed;
            Time.Advance((now - last) * Speed);
            last = now;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
