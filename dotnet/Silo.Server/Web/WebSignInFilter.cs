using Microsoft.AspNetCore.Antiforgery;
using Silo.Server.Hosting;

namespace Silo.Server.Web;

/// <summary>
/// In front of every page: finds the browser's session (signed-out visitors go to /login), keeps a
/// session in use alive, and refuses a form posted without this browser's anti-forgery token.
/// </summary>
internal sealed class WebSignInFilter(IWebSessionStore sessions, IAntiforgery antiforgery, SiloServerOptions options, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var ct = http.RequestAborted;
        var secret = WebSession.ReadCookie(http.Request);
        var session = secret is null ? null : await sessions.FindAsync(secret, ct);
        if (session is null)
        {
            if (secret is not null) WebSession.DeleteCookie(http);
            var back = HttpMethods.IsGet(http.Request.Method) ? http.Request.Path + http.Request.QueryString : "/items";
            return TypedResults.Redirect("/login?return=" + Uri.EscapeDataString(back));
        }
        http.User = WebSession.Principal(session.User);

        // Extended at most about twice per lifetime, not on every page: each extension is a write.
        if (session.ExpiresAt - time.GetUtcNow() < options.WebSessionTtl.Value / 2)
        {
            await sessions.ExtendAsync(secret!, ct);
            WebSession.WriteCookie(http, secret!, options.WebSessionTtl);
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            if (!http.Request.HasFormContentType)
                return ErrorPages.Render(http, antiforgery, session.User, StatusCodes.Status400BadRequest, "Not a form", "Pages take their changes as posted forms.");
            // Read here, so a broken body fails as a bad request before the token check reads it.
            await http.Request.ReadFormAsync(ct);
            if (!await antiforgery.IsRequestValidAsync(http))
                return ErrorPages.Render(http, antiforgery, session.User, StatusCodes.Status403Forbidden, "Form refused",
                    "This form did not come from a page of this Silo session (it may be older than a sign-out). Nothing was changed. Go back, reload the page and try again.");
        }
        http.Items[typeof(WebUser)] = new WebUser(session.User, antiforgery.GetAndStoreTokens(http).RequestToken!);
        return await next(context);
    }
}
