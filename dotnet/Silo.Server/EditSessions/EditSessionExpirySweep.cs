using Silo.Server.Hosting;
using Silo.Server.Storage;

namespace Silo.Server.EditSessions;

/// <summary>Records the end of lapsed leases so their <c>edit.session_released</c> (reason "expired") reaches clients.</summary>
public sealed class EditSessionExpirySweep(IDatabase db, EditSessionStore sessions) : IMaintenanceTask
{
    public Task RunAsync(CancellationToken cancellationToken) => db.WriteAsync(s => sessions.SweepExpiredAsync(s, cancellationToken), cancellationToken);
}
