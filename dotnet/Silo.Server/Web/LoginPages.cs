using Silo.Server.Problems;
using Silo.Server.Users;

namespace Silo.Server.Web;

internal static class LoginPages
{
    public static IEndpointRouteBuilder MapLoginPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (string? @return) => Form(SafeReturn(@return), error: null)).ExcludeFromDescription();
        app.MapPost("/login", SignIn).ExcludeFromDescription();
        app.MapPost("/logout", SignOut).ExcludeFromDescription().AddEndpointFilter<WebSignInFilter>();
        return app;
    }

    private static async Task<IResult> SignIn(HttpContext http, UserStore users, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType) throw ProblemException.BadRequest("Sign in by posting the form.");
        // Sign-in has no session to tie a token to; browsers say where the form came from instead,
        // so another site cannot sign a visitor in as someone else.
        if (http.Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
            throw ProblemException.Forbidden("Sign in from Silo's own sign-in page.");
        var form = await http.Request.ReadFormAsync(ct);
        var token = form["token"].ToString().Trim();
        var back = SafeReturn(form["return"]);
        if (token.Length == 0 || await users.FindByTokenAsync(token, ct) is null)
            return Form(back, "That token is not valid.", StatusCodes.Status401Unauthorized);
        WebSession.SignIn(http, token);
        return TypedResults.Redirect(back);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult SignOut(HttpContext http)
    {
        WebSession.SignOut(http);
        return TypedResults.Redirect("/login");
    }

    private static IResult Form(string back, string? error, int status = StatusCodes.Status200OK)
    {
        var message = error is null ? Html.Empty : Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>");
        return Layout.Page("Sign in", Html.Of($"""
            <section class="login">
              <h1>Sign in to Silo</h1>
              {message}
              <form method="post" action="/login">
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
