using System.Security.Claims;
using Silo.Server.Auth;

namespace Silo.Server.Web;

/// <summary>
/// The browser's side of a web session: an HttpOnly, SameSite=Strict cookie (Secure over https)
/// holding only the session's random secret, with the session's lifetime as its Max-Age.
/// </summary>
public static class WebSession
{
    public const string CookieName = "silo_session";
    public const string CsrfField = "csrf";
    public const string AuthenticationType = "WebSession";

    public static string? ReadCookie(HttpRequest request) => request.Cookies[CookieName] is { Length: > 0 } secret ? secret : null;

    /// <param name="lifetime">From now; relative, so the browser's clock does not matter.</param>
    public static void WriteCookie(HttpContext http, string secret, TimeSpan lifetime) =>
        http.Response.Cookies.Append(CookieName, secret, Options(http, lifetime));

    public static void DeleteCookie(HttpContext http) => http.Response.Cookies.Delete(CookieName, Options(http, null));

    /// <summary>
    /// The page request's user. The name identifier ties anti-forgery tokens to this user: a token
    /// issued to another user's page does not pass.
    /// </summary>
    public static ClaimsPrincipal Principal(SiloUser user) =>
        new(new ClaimsIdentity(user.ToPrincipal(AuthenticationType).Claims.Append(new Claim(ClaimTypes.NameIdentifier, user.Id)), AuthenticationType));

    private static CookieOptions Options(HttpContext http, TimeSpan? lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        IsEssential = true,
        MaxAge = lifetime,
    };
}

/// <summary>The signed-in user of a page request, with the anti-forgery token its forms must carry.</summary>
public sealed record WebUser(SiloUser User, string Csrf)
{
    public bool CanLock => User.Role >= Role.Editor;

    public bool CanEdit => User.Role >= Role.Editor;
}
