namespace Silo.Server.Problems;

public static class ProblemsExtensions
{
    public static IServiceCollection AddSiloProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Instance ??= $"{c.HttpContext.Request.Method} {c.HttpContext.Request.Path}");
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures are thrown (not answered silently) so the handler above can explain them.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}
