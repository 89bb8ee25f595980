using Microsoft.AspNetCore.Antiforgery;
using Silo.Server.Auth;

namespace Silo.Server.Web;

/// <summary>Refusals on the pages are pages too: people get words and a way back, not problem JSON.</summary>
internal static class ErrorPages
{
    public static IResult Render(HttpContext http, IAntiforgery antiforgery, SiloUser? user, int status, string title, string message)
    {
        var webUser = user is null ? null : new WebUser(user, antiforgery.GetAndStoreTokens(http).RequestToken!);
        return Render(webUser, status, title, message);
    }

    public static IResult Render(WebUser? user, int status, string title, string message) =>
        Layout.Page(title, Html.Of($"""
            <section class="message">
              <h1>{title}</h1>
              <p role="alert">{message}</p>
              <p><a href="/items">All items</a></p>
            </section>
            """), user, status: status);
}
