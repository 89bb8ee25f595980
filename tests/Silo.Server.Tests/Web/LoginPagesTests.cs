using System.Net;
using System.Security.Cryptography;
using System.Text;
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
    public async Task Login_ValidToken_SetsSessionCookieWithoutTheTokenAndRedirectsToReturnPath()
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.SignInAsync(_alice, "/items/PRT-1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/items/PRT-1", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("silo_session=", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain(_alice, cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=43200", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        var page = await browser.PageAsync("/items/PRT-1");
        Assert.Contains("alice (editor)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPage_AntiforgeryCookie_IsHttpOnlyStrictAndHoldsNoToken()
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.GetAsync("/login");

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("silo_antiforgery=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        // The form's token is a different value from the cookie's: a page that leaks one does not give away both.
        Assert.DoesNotContain(WebClient.Csrf(await response.Content.ReadAsStringAsync()), cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_ValidToken_StoresOnlyTheSessionSecretsHash()
    {
        var cookies = new CookieContainer();
        using var browser = await WebClient.SignedInAsync(_server, _alice, cookies);
        var secret = cookies.GetCookies(_server.BaseAddress)["silo_session"]!.Value;

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        Assert.Equal(1, await TestDatabase.ScalarAsync<long>(_server.DataDir, "SELECT COUNT(*) FROM web_sessions WHERE id_hash = @h", ("@h", hash)));
        Assert.Equal(0, await TestDatabase.ScalarAsync<long>(_server.DataDir,
            "SELECT COUNT(*) FROM web_sessions WHERE id_hash = @s OR token_hash = @s OR user_id = @s", ("@s", secret)));
    }

    [Fact]
    public async Task Login_UnknownToken_Returns401WithoutSession()
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.SignInAsync("silo_not-a-token");

        Assert.Contains("That token is not valid.", await WebClient.HtmlAsync(response, HttpStatusCode.Unauthorized), StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith("silo_session=", StringComparison.Ordinal));
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "web_sessions"));
    }

    [Fact]
    public async Task Login_WithoutTheFormsAntiforgeryToken_Returns403WithoutSession()
    {
        using var browser = WebClient.Anonymous(_server);
        await browser.PageAsync("/login");

        using var response = await browser.PostAsync("/login", WebClient.Form(("token", _alice)));

        Assert.Contains("did not come from this Silo", await WebClient.HtmlAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "web_sessions"));
    }

    [Fact]
    public async Task Login_FromAnotherSite_Returns403WithoutSession()
    {
        using var browser = WebClient.Anonymous(_server);
        var csrf = WebClient.Csrf(await browser.PageAsync("/login"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = WebClient.Form(("csrf", csrf), ("token", _alice)) };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await browser.SendAsync(request);

        await WebClient.HtmlAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "web_sessions"));
    }

    [Fact]
    public async Task Login_ExternalReturnUrl_RedirectsToItemsInstead()
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.SignInAsync(_alice, "//evil.example/");

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
    public async Task Pages_SessionOfARotatedToken_RedirectToLogin()
    {
        using var browser = await WebClient.SignedInAsync(_server, _alice);
        using var admin = _server.AdminClient();
        (await admin.PostAsync("/api/users/alice/token", null)).EnsureSuccessStatusCode();

        using var response = await browser.GetAsync("/items");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Logout_WithCsrf_EndsTheSessionOnTheServer()
    {
        var cookies = new CookieContainer();
        using var browser = await WebClient.SignedInAsync(_server, _alice, cookies);
        var secret = cookies.GetCookies(_server.BaseAddress)["silo_session"]!.Value;
        var csrf = WebClient.Csrf(await browser.PageAsync("/items"));

        using var response = await browser.PostAsync("/logout", WebClient.Form(("csrf", csrf)));

        Assert.Equal("/login", response.Headers.Location?.OriginalString);
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "web_sessions"));
        // A copy of the cookie kept from before (another tab, a thief) is worth nothing now.
        using var replay = WebClient.Anonymous(_server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/items");
        request.Headers.Add("Cookie", "silo_session=" + secret);
        using var after = await replay.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}
