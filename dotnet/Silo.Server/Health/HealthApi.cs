namespace Silo.Server.Health;

public static class HealthApi
{
    public sealed record HealthStatus(string Status);

    private static readonly HealthStatus Ok = new("ok");

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(Ok))
            .AllowAnonymous()
            .WithTags("Health")
            .WithSummary("Liveness probe; needs no token.");
        return app;
    }
}
