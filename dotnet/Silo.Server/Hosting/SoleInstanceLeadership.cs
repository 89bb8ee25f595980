namespace Silo.Server.Hosting;

/// <summary>An instance that owns its database (SQLite) is the only one there is, so it always leads.</summary>
public sealed class SoleInstanceLeadership : IMaintenanceLeadership
{
    public Task<bool> TryLeadAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
