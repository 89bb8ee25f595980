using Silo.Server.Hosting;
using Silo.Server.Storage;

namespace Silo.Server.Checkpoints;

/// <summary>
/// Deletes checkpoints past <c>--checkpoint-ttl</c> (their files then fall to the blob collector)
/// and idempotency keys past their retention.
/// </summary>
public sealed class CheckpointExpirySweep(IDatabase db, CheckpointStore checkpoints, IdempotencyStore idempotency) : IMaintenanceTask
{
    public Task RunAsync(CancellationToken cancellationToken) =>
        db.WriteAsync(async s =>
        {
            await checkpoints.DeleteExpiredAsync(s, cancellationToken);
            await idempotency.PruneAsync(s, cancellationToken);
            return true;
        }, cancellationToken);
}
