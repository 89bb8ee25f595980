using Silo.Server.Hosting;
using Silo.Server.Storage;

namespace Silo.Server.Locks;

/// <summary>Removes expired locks so that their <c>item.unlocked</c> (reason "expired") reaches clients.</summary>
public sealed class LockExpirySweep(IDatabase db, LockStore locks) : IMaintenanceTask
{
    public Task RunAsync(CancellationToken cancellationToken) => db.WriteAsync(s => locks.SweepExpiredAsync(s, cancellationToken), cancellationToken);
}
