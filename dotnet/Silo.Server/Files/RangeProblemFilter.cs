using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Silo.Server.Files;

/// <summary>
/// The framework's file result answers a range past the end of the file with an empty
/// <c>application/octet-stream</c> 416, while every other error of the API is problem+json. The
/// framework keeps deciding (its range, If-Range and precondition rules stay exactly its own); this
/// only gives its 416 a problem body, which is possible because a 416 leaves the response unstarted.
/// </summary>
internal sealed class RangeProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        // A handler declared as Results<…> returns its file wrapped.
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        return inner is PhysicalFileHttpResult file ? new ProblemOnUnsatisfiableRange(file) : result;
    }

    private sealed class ProblemOnUnsatisfiableRange(PhysicalFileHttpResult file) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            await file.ExecuteAsync(http);
            if (http.Response.StatusCode != StatusCodes.Status416RangeNotSatisfiable || http.Response.HasStarted) return;
            http.Response.ContentType = null;
            http.Response.ContentLength = null;
            var length = file.FileLength is { } known ? $" of {known} bytes" : "";
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status416RangeNotSatisfiable,
                Title = "Range not satisfiable",
                Detail = $"The requested range ({http.Request.Headers.Range}) lies outside the file{length}; Content-Range gives its length.",
            };
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
        }
    }
}
