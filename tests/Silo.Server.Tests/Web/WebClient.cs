using System.Net;
using System.Text.RegularExpressions;
using Silo.Testing;

namespace Silo.Server.Tests.Web;

/// <summary>An HttpClient that behaves like a browser tab: keeps cookies, shows redirects instead of following them.</summary>
internal static partial class WebClient
{
    /// <param name="cookies">The browser's cookie jar, for tests that look into it.</param>
    public static HttpClient Anonymous(SiloTestServer server, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>Signs in as a person does: opens the sign-in page, then posts its form with the token.</summary>
    public static async Task<HttpClient> SignedInAsync(SiloTestServer server, string token, CookieContainer? cookies = null)
    {
        var client = Anonymous(server, cookies);
        using var response = await client.SignInAsync(token);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string token, string? back = null)
    {
        var fields = new List<(string, string)> { ("csrf", Csrf(await client.PageAsync("/login"))), ("token", token) };
        if (back is not null) fields.Add(("return", back));
        return await client.PostAsync("/login", Form([.. fields]));
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

    /// <summary>Asserts a page (not problem JSON) with this status, and returns it.</summary>
    public static async Task<string> HtmlAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return html;
    }

    /// <summary>The anti-forgery token the page's forms carry.</summary>
    public static string Csrf(string html) => CsrfField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No csrf field on the page.");

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
