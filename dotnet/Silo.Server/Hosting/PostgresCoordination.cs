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
    /// registrations; it uses the storage's data source.
    /// </summary>
    public static IServiceCollection AddPostgresCoordination(this IServiceCollection services)
    {
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PostgresEventSignal>(sp, sp.GetRequiredService<NpgsqlDataSource>()));
        services.Replace(ServiceDescriptor.Singleton<IEventCommitSignal>(sp => sp.GetRequiredService<PostgresEventSignal>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresEventSignal>());
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<PostgresEventListener>(sp, sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddHostedService<EventCatchUp>();
        services.Replace(ServiceDescriptor.Singleton<IMaintenanceLeadership>(sp =>
            ActivatorUtilities.CreateInstance<PostgresMaintenanceLeadership>(sp, sp.GetRequiredService<NpgsqlDataSource>())));
        return services;
    }
}
