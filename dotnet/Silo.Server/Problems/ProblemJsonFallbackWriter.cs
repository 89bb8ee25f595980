using System.Diagnostics;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Silo.Server.Problems;

/// <summary>
/// The framework's writer only answers clients whose Accept admits JSON. An EventSource sends
/// <c>Accept: text/event-stream</c>, so a refused stream got an empty 400 and a missing token a 500
/// (the 401 challenge found no writer). Errors are problem+json whatever the client accepts: this
/// writer, registered after the default one, takes what the default declines.
/// </summary>
internal sealed class ProblemJsonFallbackWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions)
    : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Type ??= DefaultType(problem.Status.Value);
        // Named as the framework's writer names it: through the JSON naming policy (trace_id here).
        var json = jsonOptions.Value.SerializerOptions;
        problem.Extensions.TryAdd(json.PropertyNamingPolicy?.ConvertName("traceId") ?? "traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json, "application/problem+json", http.RequestAborted));
    }

    /// <summary>The RFC 9110 section the framework's writer links as <c>type</c>.</summary>
    private static string? DefaultType(int status) => status switch
    {
        >= 400 and <= 417 => $"https://tools.ietf.org/html/rfc9110#section-15.5.{status - 399}",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        >= 500 and <= 505 => $"https://tools.ietf.org/html/rfc9110#section-15.6.{status - 499}",
        _ => null,
    };
}
