using Microsoft.AspNetCore.Antiforgery;
using Silo.Server.Auth;
using Silo.Server.Hosting;
using Silo.Server.Users;

namespace Silo.Server.Web;

internal static class LoginPages
{
    public static IEndpointRouteBuilder MapLoginPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? @return) => Form(http, antiforgery, SafeReturn(@return), error: null))
            .ExcludeFromDescription();
        app.MapPost("/login", SignIn).ExcludeFromDescription();
        app.MapPost("/logout", SignOut).ExcludeFromDescription().AddEndpointFilter<WebSignInFilter>();
        return app;
    }

    private static async Task<IResult> SignIn(HttpContext http, UserStore users, IWebSessionStore sessions, IAntiforgery antiforgery,
        SiloServerOptions options, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
            return Form(http, antiforgery, "/items", "Sign in with the form below.", StatusCodes.Status400BadRequest);
        var form = await http.Request.ReadFormAsync(ct);
        var back = SafeReturn(form["return"]);
        // Login CSRF (signing a visitor in as the attacker) needs a form from elsewhere: refused by
        // the browser's own word when it gives one, and by the anti-forgery token in any case.
        if (http.Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site" || !await antiforgery.IsRequestValidAsync(http))
            return Form(http, antiforgery, back, "This sign-in form did not come from this Silo, or it expired. Try again with the form below.",
                StatusCodes.Status403Forbidden);
        var token = form["token"].ToString().Trim();
        var user = token.Length == 0 ? null : await users.FindByTokenAsync(token, ct);
        if (user is null)
            return Form(http, antiforgery, back, "That token is not valid.", StatusCodes.Status401Unauthorized);

        if (WebSession.ReadCookie(http.Request) is { } previous) await sessions.EndAsync(previous, ct);
        var ticket = await sessions.StartAsync(user, Tokens.Hash(token), ct);
        WebSession.WriteCookie(http, ticket.Secret, options.WebSessionTtl);
        return TypedResults.Redirect(back);
    }

    private static async Task<IResult> SignOut(HttpContext http, IWebSessionStore sessions, CancellationToken ct)
    {
        if (WebSession.ReadCookie(http.Request) is { } secret) await sessions.EndAsync(secret, ct);
        WebSession.DeleteCookie(http);
        return TypedResults.Redirect("/login");
    }

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string back, string? error, int status = StatusCodes.Status200OK)
    {
        var csrf = antiforgery.GetAndStoreTokens(http).RequestToken!;
        var message = error is null ? Html.Empty : Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>");
        return Layout.Page("Sign in", Html.Of($"""
            <section class="login">
              <h1>Sign in to Silo</h1>
              {message}
              <form method="post" action="/login">
                <input type="hidden" name="{WebSession.CsrfField}" value="{csrf}">
                <input type="hidden" name="return" value="{back}">
                <label for="token">Access token</label>
                <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
                <button type="submit">Sign in</button>
              </form>
              <p class="hint">Ask an admin for a token (<code>POST /api/users</code>).</p>
            </section>
            """), status: status);
    }

    /// <summary>Only a local path: an absolute or protocol-relative URL would turn sign-in into an open redirect.</summary>
    private static string SafeReturn(string? path) =>
        path is { Length: > 0 } p && p[0] == '/' && !p.StartsWith("//", StringComparison.Ordinal) && !p.StartsWith("/\\", StringComparison.Ordinal)
            ? p
            : "/items";
}
