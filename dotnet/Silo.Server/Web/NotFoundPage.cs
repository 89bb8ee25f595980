using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;

namespace Silo.Server.Web;

/// <summary>
/// Answers the bodiless error statuses routing produces: a mistyped page address is a person in a
/// browser, who gets an HTML page with a way back; anything under /api (and the OpenAPI document)
/// stays problem+json for the clients that parse it.
/// </summary>
internal static class NotFoundPage
{
    public static async Task HandleAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (IsMistypedPage(http))
        {
            var services = http.RequestServices;
            var user = WebSession.ReadCookie(http.Request) is { } secret
                ? (await services.GetRequiredService<IWebSessionStore>().FindAsync(secret, http.RequestAborted))?.User
                : null;
            await ErrorPages.Render(http, services.GetRequiredService<IAntiforgery>(), user, StatusCodes.Status404NotFound, "Page not found",
                $"Nothing is served at {http.Request.Path}. Check the address, or start again from the list of items.").ExecuteAsync(http);
            return;
        }
        // What UseStatusCodePages() does without a handler: a problem through the registered writers.
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = http.Response.StatusCode },
        });
    }

    /// <summary>Only a 404 no endpoint claimed: a page's own 404 (an unknown part number) already has its body.</summary>
    private static bool IsMistypedPage(HttpContext http) =>
        http.Response.StatusCode == StatusCodes.Status404NotFound
        && http.GetEndpoint() is null
        && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        && !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !http.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);
}
