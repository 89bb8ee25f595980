using System.Globalization;
using Silo.Server.Auth;
using Silo.Server.Locks;

namespace Silo.Server.Web;

/// <summary>The page shell: head, toolbar, and the data the live-update script needs.</summary>
internal static class Layout
{
    // Scripts and styles come only from our own files, so an escaping mistake still cannot run script.
    private const string SecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IResult Page(string title, Html body, WebUser? user = null, long? eventHead = null, int status = StatusCodes.Status200OK)
    {
        var live = user is null || eventHead is null
            ? Html.Empty
            : Html.Of($" data-user=\"{user.User.Username}\" data-role=\"{user.User.Role.ToWire()}\" data-event-head=\"{eventHead.Value}\"");
        var toolbar = user is null ? Html.Empty : Toolbar(user);
        var document = Html.Of($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Silo</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="{WebAssets.CssPath}">
            <script src="{WebAssets.ScriptPath}" defer></script>
            </head>
            <body{live}>
            {toolbar}
            <main>
            {body}
            </main>
            </body>
            </html>
            """);
        return new HtmlResult(document, status);
    }

    private static Html Toolbar(WebUser user) => Html.Of($"""
        <nav class="toolbar">
          <a class="brand" href="/items">Silo</a>
          <a href="/items">Items</a>
          <a href="/locks">Active locks</a>
          <span class="spacer"></span>
          <span class="who">{user.User.Username} ({user.User.Role.ToWire()})</span>
          <form method="post" action="/logout" class="inline">{CsrfInput(user)}<button type="submit">Sign out</button></form>
        </nav>
        """);

    public static Html CsrfInput(WebUser user) => Html.Of($"<input type=\"hidden\" name=\"{WebSession.CsrfField}\" value=\"{user.Csrf}\">");

    /// <summary>One format for every lock time, which the script reproduces for live updates.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string LockTitle(string lockedBy, DateTimeOffset lockedAt) => $"Locked by {lockedBy} since {Time(lockedAt)}";

    /// <summary>The lock in a sentence, as the item page states it; the script reproduces it for live updates.</summary>
    public static string LockText(ItemLock? current) =>
        current is null
            ? "Not checked out."
            : LockTitle(current.LockedBy, current.LockedAt) + (string.IsNullOrWhiteSpace(current.Comment) ? "" : $" ({current.Comment})");

    public static string ItemPath(string partNumber) => "/items/" + Uri.EscapeDataString(partNumber);

    private sealed class HtmlResult(Html document, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.ContentSecurityPolicy = SecurityPolicy;
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers["Referrer-Policy"] = "same-origin";
            return http.Response.WriteAsync(document.Value, http.RequestAborted);
        }
    }
}
