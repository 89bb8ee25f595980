using Silo.Server.Hosting;

namespace Silo.Server.Events;

/// <summary>
/// Pulses the <see cref="EventNotifier"/> every <see cref="SiloServerOptions.EventCatchUp"/>, so an
/// event whose wake-up was lost (a NOTIFY dropped with a connection) reaches the streams a little
/// later instead of waiting for the next commit. A pulse with nothing new costs one indexed read.
/// </summary>
public sealed class EventCatchUp(EventNotifier notifier, SiloServerOptions options, TimeProvider time) : BackgroundService
{
    // Started with the service, not when ExecuteAsync gets a thread: ticks are counted from start-up.
    private readonly PeriodicTimer _timer = new(options.EventCatchUp, time);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken)) notifier.Pulse();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }
}
