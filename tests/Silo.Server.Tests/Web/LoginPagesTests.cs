using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.Web;

/// <summary>Signing in and out with a token, and pages that need a signed-in user.</summary>
public sealed class LoginPagesTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private string _alice = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-1");
        _alice = await _server.CreateUserAsync("alice", "editor");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Login_ValidToken_SetsHttpOnlyStrictCookieAndRedirectsToReturnPath()
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.PostAsync("/login", WebClient.Form(("token", _alice), ("return", "/items/PRT-1")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/items/PRT-1", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("silo_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var page = await browser.PageAsync("/items/PRT-1");
        Assert.Contains("alice (editor)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_UnknownToken_Returns401WithoutCookie()
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.PostAsync("/login", WebClient.Form(("token", "silo_not-a-token")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("That token is not valid.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_FromAnotherSite_Returns403WithoutCookie()
    {
        using var browser = WebClient.Anonymous(_server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = WebClient.Form(("token", _alice)) };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await browser.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Login_ExternalReturnUrl_RedirectsToItemsInstead()
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.PostAsync("/login", WebClient.Form(("token", _alice), ("return", "//evil.example/")));

        Assert.Equal("/items", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/items")]
    [InlineData("/items/PRT-1")]
    [InlineData("/locks")]
    public async Task Pages_SignedOut_RedirectToLogin(string path)
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?return=" + Uri.EscapeDataString(path), response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Pages_CookieWithRevokedToken_RedirectToLogin()
    {
        using var browser = await WebClient.SignedInAsync(_server, _alice);
        using var admin = _server.AdminClient();
        (await admin.PostAsync("/api/users/alice/token", null)).EnsureSuccessStatusCode();

        using var response = await browser.GetAsync("/items");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Logout_WithCsrf_ClearsCookieSoPagesRedirect()
    {
        using var browser = await WebClient.SignedInAsync(_server, _alice);
        var csrf = WebClient.Csrf(await browser.PageAsync("/items"));

        using var response = await browser.PostAsync("/logout", WebClient.Form(("csrf", csrf)));

        Assert.Equal("/login", response.Headers.Location?.OriginalString);
        using var after = await browser.GetAsync("/items");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}
