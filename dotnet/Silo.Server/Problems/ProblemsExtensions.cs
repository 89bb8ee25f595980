namespace Silo.Server.Problems;

public static class ProblemsExtensions
{
    public static IServiceCollection AddSiloProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            var request = c.HttpContext.Request;
            c.ProblemDetails.Instance ??= $"{request.Method} {request.Path}";
            c.ProblemDetails.Detail ??= RoutingDetail(c.ProblemDetails.Status, request);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures are thrown (not answered silently) so the handler above can explain them.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// Routing refuses these before any endpoint runs (404, 405, and 415 from an endpoint's declared
    /// content type), so no handler explains them; every problem should still say what was wrong.
    /// </summary>
    private static string? RoutingDetail(int? status, HttpRequest request) => status switch
    {
        StatusCodes.Status404NotFound => $"Nothing is served at {request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}.",
        StatusCodes.Status415UnsupportedMediaType =>
            $"This endpoint does not accept Content-Type '{request.ContentType ?? "(none)"}': JSON bodies are application/json, file uploads application/octet-stream.",
        _ => null,
    };
}
