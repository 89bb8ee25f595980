using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Silo.Server.Events;

namespace Silo.Server.Hosting;

/// <summary>What several instances on one PostgreSQL database need to agree on beyond the data itself.</summary>
public static class PostgresCoordination
{
    /// <summary>
    /// Replaces the single-instance event wake-up and maintenance leadership: commits wake every
    /// instance's streams through <c>LISTEN/NOTIFY</c> (with a periodic catch-up pulse), and the
    /// sweeps run on whichever instance holds the advisory lock. Call after <see cref="SiloServer"/>'s
    /// registrations, with the data source the storage uses.
    /// </summary>
    public static IServiceCollection AddPostgresCoordination(this IServiceCollection services, NpgsqlDataSource dataSource)
    {
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PostgresEventSignal>(sp, dataSource));
        services.Replace(ServiceDescriptor.Singleton<IEventCommitSignal>(sp => sp.GetRequiredService<PostgresEventSignal>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresEventSignal>());
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<PostgresEventListener>(sp, dataSource));
        services.AddHostedService<EventCatchUp>();
        services.Replace(ServiceDescriptor.Singleton<IMaintenanceLeadership>(sp =>
            ActivatorUtilities.CreateInstance<PostgresMaintenanceLeadership>(sp, dataSource)));
        return services;
    }
}
