using Microsoft.Extensions.DependencyInjection.Extensions;
using Silo.Server.Files;
using Silo.Server.Hosting;

namespace Silo.Server.Checkpoints;

public static class CheckpointsServices
{
    public static IServiceCollection AddCheckpoints(this IServiceCollection services)
    {
        services.AddSingleton<CheckpointStore>();
        services.AddSingleton<DagStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<CheckpointCommit>();
        services.TryAddSingleton<ICheckpointCommitProbe, NoCheckpointCommitProbe>();
        // Expiry first: the checkpoints it deletes free their blobs for the collector in the same pass.
        services.AddSingleton<IMaintenanceTask, CheckpointExpirySweep>();
        services.AddSingleton<IMaintenanceTask, BlobCollector>();
        return services;
    }
}
