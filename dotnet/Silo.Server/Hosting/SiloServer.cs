using Microsoft.AspNetCore.Server.Kestrel.Core;
using Silo.Server.Audit;
using Silo.Server.Events;
using Silo.Server.Files;
using Silo.Server.Health;
using Silo.Server.Items;
using Silo.Server.Lineage;
using Silo.Server.Metrics;
using Silo.Server.Json;
using Silo.Server.Locks;
using Silo.Server.Problems;
using Silo.Server.Revisions;
using Silo.Server.Storage;
using Silo.Server.Users;
using Silo.Server.Auth;
using Silo.Server.Workstations;
using Silo.Server.EditSessions;
using Silo.Server.Checkpoints;
using Silo.Server.Subscriptions;
using Silo.Server.Sync;
using Silo.Server.Web;

namespace Silo.Server.Hosting;

/// <summary>The composition root, shared by Program.cs, the tests and the benchmarks.</summary>
public static class SiloServer
{
    /// <param name="configure">Lets tests replace services (the clock) before the app is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        SettingsCheck.ThrowIfUnknown(args, Environment.GetEnvironmentVariables());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("SILO_");
        builder.Configuration.AddCommandLine(args, SiloServerOptions.SwitchMappings.ToDictionary());

        builder.Logging.AddSiloLogFilters();
        var services = builder.Services;
        services.AddSiloServerOptions(builder.Configuration);
        services.AddOptions<KestrelServerOptions>().Configure<SiloServerOptions>((k, options) => k.Limits.MaxRequestBodySize = options.MaxJsonBytes);
        services.AddSingleton(TimeProvider.System);
        services.AddSiloDatabase();
        services.AddSingleton<IBlobStore>(sp => new FileBlobStore(sp.GetRequiredService<SiloServerOptions>().BlobDir));
        services.AddSiloJson();
        services.AddSiloProblems();
        services.AddSiloAuth();
        services.AddOpenApi();

        services.AddSingleton<EventNotifier>();
        services.AddSingleton<IEventCommitSignal, LocalEventSignal>();
        services.AddSingleton<EventLog>();
        services.AddSingleton<EventBroadcaster>();
        services.AddSingleton<IEventFeed>(sp => sp.GetRequiredService<EventBroadcaster>());
        services.AddHostedService(sp => sp.GetRequiredService<EventBroadcaster>());
        services.AddSingleton<AuditLog>();
        services.AddSingleton<TokenCache>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ItemStore>();
        services.AddSingleton<LockStore>();
        services.AddSingleton<LineageStore>();
        services.AddSingleton<RevisionStore>();
        services.AddSingleton<RevisionRelease>();
        services.AddSingleton<ItemCreation>();
        services.AddSingleton<BlobIndex>();
        services.AddSingleton<PresignedUrls>();
        services.AddSingleton<WorkstationStore>();
        services.AddSingleton<EditSessionStore>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<SubscriptionResolver>();
        services.AddSingleton<SubscriptionNotifier>();
        services.AddSingleton<SyncPendingStore>();
        services.AddSingleton<SyncStateStore>();
        services.AddSingleton<SyncDiffReader>();
        services.AddSingleton<SyncPendingCompactor>();
        services.AddHostedService(sp => sp.GetRequiredService<SyncPendingCompactor>());
        services.AddSingleton<IMaintenanceTask, LockExpirySweep>();
        services.AddSingleton<IMaintenanceTask, EventPruning>();
        services.AddSingleton<ICheckoutRule, EditSessionCheckoutRule>();
        services.AddSingleton<IMaintenanceTask, EditSessionExpirySweep>();
        services.AddCheckpoints();
        services.AddSiloWeb();
        services.AddSiloMetrics();
        services.AddSingleton<IMaintenanceLeadership, SoleInstanceLeadership>();
        services.AddSingleton<MaintenanceService>();
        services.AddHostedService(sp => sp.GetRequiredService<MaintenanceService>());

        configure?.Invoke(builder);
        // Read after the caller's changes, which may choose the database themselves.
        if (DatabaseSetting.IsPostgres(builder.Configuration[SiloServerOptions.Keys.Database])) services.AddPostgresCoordination();
        var (app, options) = SiloServerOptionsSetup.BuildChecked(builder);

        Directory.CreateDirectory(options.DataDir);
        DatabaseRegistration.Migrate(app.Services, options);
        AdminBootstrap.EnsureAdminAsync(app.Services.GetRequiredService<IDatabase>(), app.Services.GetRequiredService<UserStore>(),
            options, app.Logger, CancellationToken.None).GetAwaiter().GetResult();

        app.UseMiddleware<RequestLog>();
        app.UseSiloRequestMetrics();
        app.UseExceptionHandler();
        app.UseStatusCodePages(NotFoundPage.HandleAsync);
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapHealthApi();
        app.MapSiloMetrics();
        var api = app.MapGroup("/api").RequireAuthorization(Policies.Viewer);
        api.MapUsersApi();
        api.MapItemsApi();
        api.MapFilesApi();
        api.MapRevisionsApi();
        api.MapLineageApi();
        api.MapLocksApi();
        api.MapEventsApi();
        api.MapAuditApi();
        api.MapWorkstationsApi();
        api.MapEditSessionsApi();
        api.MapCheckpointsApi();
        api.MapBlobsApi();
        api.MapSubscriptionsApi();
        api.MapSyncApi();
        app.MapWebPages();
        return app;
    }
}
