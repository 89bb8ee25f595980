using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Silo.Server.Problems;

/// <summary>Turns every exception into problem+json; only genuine server faults become 500.</summary>
internal sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ProblemException p => ProblemResponse.Details(p.Status, p.Title, p.Message, p.Extensions),
            BadHttpRequestException bad => FromBadRequest(bad),
            _ when MalformedBody.IsMalformedBody(exception) =>
                new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "Bad request", Detail = MalformedBody.Describe(exception) },
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };
        if (problem is null)
        {
            if (context.RequestAborted.IsCancellationRequested) return true;
            log.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails { Status = 500, Title = "Server error", Detail = "The server failed to handle the request; it has been logged." };
        }

        return await ProblemResponse.WriteAsync(context, problem, exception);
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        // Body binding wraps the JSON parser's error; its message names the path and position.
        var detail = bad.InnerException is JsonException json ? JsonErrors.Describe(json)
            : JsonErrors.IsMissingBody(bad) ? "The request body must be a JSON object; it was empty or JSON null."
            : bad.Message;
        var title = bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "Payload too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
            _ => "Bad request",
        };
        return new ProblemDetails { Status = bad.StatusCode, Title = title, Detail = detail };
    }
}
