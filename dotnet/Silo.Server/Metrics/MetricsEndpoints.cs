using Prometheus;

namespace Silo.Server.Metrics;

public static class MetricsEndpoints
{
    public const string Path = "/metrics";

    public static IServiceCollection AddSiloMetrics(this IServiceCollection services) => services.AddSingleton<SiloMetrics>();

    /// <summary>Counts and times every request after this point, labelled by route, method and status.</summary>
    public static IApplicationBuilder UseSiloRequestMetrics(this IApplicationBuilder app)
    {
        var registry = app.ApplicationServices.GetRequiredService<SiloMetrics>().Registry;
        return app.UseHttpMetrics(o => o.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(registry)));
    }

    /// <summary>
    /// <c>GET /metrics</c>, without a token: scrapers rarely carry one, and it tells only counts
    /// (no names, items or tokens). It is linked from no page; an operator who exposes the server
    /// beyond the team's network blocks the path at the proxy.
    /// </summary>
    public static IEndpointConventionBuilder MapSiloMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMetrics(Path, endpoints.ServiceProvider.GetRequiredService<SiloMetrics>().Registry);
}
