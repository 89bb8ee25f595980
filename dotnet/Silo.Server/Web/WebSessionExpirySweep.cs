using Silo.Server.Hosting;

namespace Silo.Server.Web;

/// <summary>Removes web sessions that ran out; they are already refused, this only keeps the table small.</summary>
internal sealed class WebSessionExpirySweep(IWebSessionStore sessions) : IMaintenanceTask
{
    public Task RunAsync(CancellationToken cancellationToken) => sessions.DeleteExpiredAsync(cancellationToken);
}
