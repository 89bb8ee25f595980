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
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request);
        if (token is null) return AuthenticateResult.NoResult();
        var user = await users.FindByTokenAsync(token, Context.RequestAborted);
        return user is null
            ? AuthenticateResult.Fail("Unknown token.")
            : AuthenticateResult.Success(new AuthenticationTicket(user.ToPrincipal(SchemeName), SchemeName));
    }

    internal static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header[7..].Trim() is { Length: > 0 } t ? t : null;
        // The web pages' session cookie stands in for the header on reads only (the pages' event
        // stream); a cookie-borne change must go through the pages, which check an anti-forgery token.
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Cookies[Web.WebSession.CookieName] is { Length: > 0 } cookie) return cookie;
        return null;
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
