namespace Silo.Server.Hosting;

/// <summary>Periodic upkeep (expiry sweeps, pruning) run by <see cref="MaintenanceService"/>.</summary>
public interface IMaintenanceTask
{
    Task RunAsync(CancellationToken cancellationToken);
}
