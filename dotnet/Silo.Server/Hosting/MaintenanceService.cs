namespace Silo.Server.Hosting;

/// <summary>
/// Runs every <see cref="IMaintenanceTask"/> on a timer driven by the injected
/// <see cref="TimeProvider"/>, so tests advance a manual clock instead of waiting. A pass runs
/// only on the instance that holds the <see cref="IMaintenanceLeadership"/>.
/// </summary>
public sealed class MaintenanceService(IEnumerable<IMaintenanceTask> tasks, IMaintenanceLeadership leadership, SiloServerOptions options,
    TimeProvider time, ILogger<MaintenanceService> log)
    : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>One pass over every task, now, if this instance leads; passes never overlap.</summary>
    /// <returns>Whether this instance led, and so ran the pass.</returns>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!await leadership.TryLeadAsync(cancellationToken)) return false;
            foreach (var task in tasks)
            {
                try
                {
                    await task.RunAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One failing task must not starve the others; it is retried on the next tick.
                    log.LogError(e, "Maintenance task {Task} failed", task.GetType().Name);
                }
            }
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.MaintenanceInterval, time);
        try
        {
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }
}
