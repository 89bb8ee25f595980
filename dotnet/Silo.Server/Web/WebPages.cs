namespace Silo.Server.Web;

/// <summary>
/// Server-rendered pages for people: sign-in, items, item detail with check-out, active locks.
/// They sit outside /api and its bearer scheme: a page's user comes from the session cookie, and
/// every POST must carry the session's anti-forgery token.
/// </summary>
public static class WebPages
{
    public static IEndpointRouteBuilder MapWebPages(this IEndpointRouteBuilder app)
    {
        app.MapWebAssets();
        app.MapLoginPages();

        var pages = app.MapGroup("").ExcludeFromDescription().AddEndpointFilter<WebSignInFilter>();
        pages.MapGet("/", () => TypedResults.Redirect("/items"));
        pages.MapItemPages();
        pages.MapLocksPage();
        return app;
    }

    internal static WebUser WebUser(this HttpContext http) =>
        http.Items[typeof(WebUser)] as WebUser ?? throw new InvalidOperationException("Page endpoints run behind WebSignInFilter.");
}
