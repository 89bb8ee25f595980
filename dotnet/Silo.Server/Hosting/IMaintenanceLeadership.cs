namespace Silo.Server.Hosting;

/// <summary>
/// Decides which instance runs the maintenance sweeps: two instances sweeping at once would
/// report the same expiry twice. Asked before every pass, so a lost lead stops the sweeps on the
/// next tick and a freed one is taken on the next tick of another instance.
/// </summary>
public interface IMaintenanceLeadership
{
    /// <returns>Whether this instance leads now (taking the lead if it is free).</returns>
    Task<bool> TryLeadAsync(CancellationToken cancellationToken);
}
