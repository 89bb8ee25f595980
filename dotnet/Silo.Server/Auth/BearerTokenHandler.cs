using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Silo.Server.Users;

namespace Silo.Server.Auth;

/// <summary>Resolves <c>Authorization: Bearer …</c> to a user and answers 401/403 as problem+json.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserStore users,
    Web.IWebSessionStore webSessions,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request);
        if (token is null) return await FromWebSessionAsync();
        var user = await users.FindByTokenAsync(token, Context.RequestAborted);
        return user is null
            ? AuthenticateResult.Fail("Unknown token.")
            : AuthenticateResult.Success(new AuthenticationTicket(user.ToPrincipal(SchemeName), SchemeName));
    }

    internal static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..].Trim() is { Length: > 0 } t ? t : null;
    }

    /// <summary>
    /// The web pages' session stands in for the header on reads only (the pages' event stream); a
    /// cookie-borne change must go through the pages, which check an anti-forgery token.
    /// </summary>
    private async Task<AuthenticateResult> FromWebSessionAsync()
    {
        if (!HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method)) return AuthenticateResult.NoResult();
        if (Web.WebSession.ReadCookie(Request) is not { } secret) return AuthenticateResult.NoResult();
        return await webSessions.FindAsync(secret, Context.RequestAborted) is { } session
            ? AuthenticateResult.Success(new AuthenticationTicket(session.User.ToPrincipal(SchemeName), SchemeName))
            : AuthenticateResult.Fail("The web session has ended.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = ReadToken(Request) is null ? "This endpoint needs an 'Authorization: Bearer <token>' header." : "The bearer token is not valid.";
        await Write(new ProblemDetails { Status = 401, Title = "Unauthorized", Detail = detail });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var user = SiloUser.FromPrincipal(Context.User);
        await Write(new ProblemDetails { Status = 403, Title = "Forbidden", Detail = $"The role '{user?.Role.ToWire()}' may not do this." });
    }

    private async Task Write(ProblemDetails problem) =>
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem });
}
