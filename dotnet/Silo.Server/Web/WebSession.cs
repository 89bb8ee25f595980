using System.Security.Cryptography;
using System.Text;
using Silo.Server.Auth;
using Silo.Server.Users;

namespace Silo.Server.Web;

/// <summary>
/// A browser session is the user's own token in an HttpOnly, SameSite=Strict cookie, so the server
/// keeps no session state and revoking the token (rotation) signs the browser out too.
/// </summary>
public static class WebSession
{
    public const string CookieName = "silo_session";
    public const string CsrfField = "csrf";

    private static readonly byte[] CsrfLabel = Encoding.UTF8.GetBytes("silo-web-csrf-v1");

    public static void SignIn(HttpContext http, string token) =>
        http.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });

    public static void SignOut(HttpContext http) =>
        http.Response.Cookies.Delete(CookieName, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/" });

    /// <summary>The signed-in user, or null when there is no cookie or its token is no longer valid.</summary>
    public static async Task<WebUser?> FindAsync(HttpContext http, UserStore users, CancellationToken ct)
    {
        if (http.Request.Cookies[CookieName] is not { Length: > 0 } token) return null;
        return await users.FindByTokenAsync(token, ct) is { } user ? new WebUser(user, CsrfToken(token)) : null;
    }

    /// <summary>
    /// The anti-forgery token is a MAC of the session's secret: a cross-site page can neither read the
    /// cookie nor the pages carrying this value, so it cannot produce a form the server accepts.
    /// </summary>
    public static string CsrfToken(string sessionToken) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(sessionToken), CsrfLabel)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool CsrfMatches(WebUser user, string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.Csrf), Encoding.UTF8.GetBytes(presented));
}

/// <summary>The signed-in user of a page request, with the anti-forgery token its forms must carry.</summary>
public sealed record WebUser(SiloUser User, string Csrf)
{
    public bool CanLock => User.Role >= Role.Editor;
}
