using System.Net;
using System.Text.RegularExpressions;
using Silo.Testing;

namespace Silo.Server.Tests.Web;

/// <summary>An HttpClient that behaves like a browser tab: keeps cookies, shows redirects instead of following them.</summary>
internal static partial class WebClient
{
    public static HttpClient Anonymous(SiloTestServer server) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public static async Task<HttpClient> SignedInAsync(SiloTestServer server, string token)
    {
        var client = Anonymous(server);
        using var response = await client.PostAsync("/login", Form(("token", token)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    public static async Task<string> PageAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return html;
    }

    /// <summary>The anti-forgery token the page's forms carry.</summary>
    public static string Csrf(string html) => CsrfField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No csrf field on the page.");

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
