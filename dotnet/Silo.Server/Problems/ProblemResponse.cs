using Microsoft.AspNetCore.Mvc;

namespace Silo.Server.Problems;

/// <summary>How a refusal is written, whether a handler returns it or something throws it.</summary>
internal static class ProblemResponse
{
    public const string ContentType = "application/problem+json";

    public static ProblemDetails Details(int status, string title, string detail, IReadOnlyDictionary<string, object?>? extensions)
    {
        var details = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>()) details.Extensions[key] = value;
        return details;
    }

    public static async ValueTask<bool> WriteAsync(HttpContext context, ProblemDetails problem, Exception? exception)
    {
        context.Response.StatusCode = problem.Status!.Value;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
