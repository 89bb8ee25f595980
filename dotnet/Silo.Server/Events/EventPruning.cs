using Silo.Server.Hosting;
using Silo.Server.Storage;

namespace Silo.Server.Events;

/// <summary>Drops events older than the retention; readers resuming before them get <c>subscription.sync_required</c>.</summary>
public sealed class EventPruning(IDatabase db, EventLog log, SiloServerOptions options) : IMaintenanceTask
{
    public Task RunAsync(CancellationToken cancellationToken) => db.WriteAsync(s => log.PruneAsync(s, options.EventRetention, cancellationToken), cancellationToken);
}
