using Silo.Server.Problems;
using Silo.Server.Users;

namespace Silo.Server.Web;

/// <summary>Sends signed-out visitors to /login and refuses page POSTs without the session's anti-forgery token.</summary>
internal sealed class WebSignInFilter(UserStore users) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var ct = http.RequestAborted;
        var user = await WebSession.FindAsync(http, users, ct);
        if (user is null)
        {
            var back = HttpMethods.IsGet(http.Request.Method) ? http.Request.Path + http.Request.QueryString : "/items";
            return TypedResults.Redirect("/login?return=" + Uri.EscapeDataString(back));
        }
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            if (!http.Request.HasFormContentType) throw ProblemException.BadRequest("Page requests must be posted as forms.");
            var form = await http.Request.ReadFormAsync(ct);
            if (!WebSession.CsrfMatches(user, form[WebSession.CsrfField]))
                throw ProblemException.Forbidden("The form's anti-forgery token is missing or does not belong to this session; reload the page and try again.");
        }
        http.Items[typeof(WebUser)] = user;
        return await next(context);
    }
}
