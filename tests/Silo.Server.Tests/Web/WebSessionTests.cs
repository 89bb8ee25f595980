using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Silo.Testing;

namespace Silo.Server.Tests.Web;

/// <summary>
/// The browser session: server-side, expiring unless used, surviving restarts with its forms; its
/// cookie authenticates the pages' event stream and nothing that changes state under /api.
/// </summary>
public sealed class WebSessionTests : IAsyncLifetime
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
    public async Task Events_WithSessionCookie_StreamsLockEvents()
    {
        using var browser = await WebClient.SignedInAsync(_server, _alice);
        await using var stream = await SseClient.ConnectAsync(browser);
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        var csrf = WebClient.Csrf(await browser.PageAsync("/items/PRT-1"));

        (await browser.PostAsync("/items/PRT-1/lock", WebClient.Form(("csrf", csrf)))).Dispose();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var message = await stream.ReadEventAsync(timeout.Token);
        Assert.Equal("item.locked", message?.Type);
        Assert.Equal("alice", message!.Json.GetProperty("data").GetProperty("locked_by").GetString());
    }

    [Fact]
    public async Task ApiPost_WithOnlySessionCookie_Returns401AndLocksNothing()
    {
        using var browser = await WebClient.SignedInAsync(_server, _alice);

        using var response = await browser.PostAsync("/api/items/PRT-1/lock", null);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        using var admin = _server.AdminClient();
        var status = await HttpAssert.JsonAsync(await admin.GetAsync("/api/items/PRT-1/lock"), HttpStatusCode.OK);
        Assert.False(status.GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task Events_WithoutCookieOrToken_Returns401()
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Assets_ServeScriptAndStylesheetWithoutSignIn()
    {
        using var browser = WebClient.Anonymous(_server);

        using var script = await browser.GetAsync("/web/site.js");
        using var css = await browser.GetAsync("/web/site.css");

        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("EventSource", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Session_IdleLongerThanItsLifetime_SignsOut()
    {
        using var browser = await WebClient.SignedInAsync(_server, _alice);
        await browser.PageAsync("/items");

        _server.Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));

        using var response = await browser.GetAsync("/items");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?return=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_InUse_IsExtendedPastItsFirstLifetime()
    {
        using var browser = await WebClient.SignedInAsync(_server, _alice);

        _server.Clock.Advance(TimeSpan.FromHours(7));
        using (var used = await browser.GetAsync("/items"))
        {
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
            var renewed = Assert.Single(used.Headers.GetValues("Set-Cookie"), c => c.StartsWith("silo_session=", StringComparison.Ordinal));
            Assert.Contains("max-age=43200", renewed, StringComparison.OrdinalIgnoreCase);
        }
        _server.Clock.Advance(TimeSpan.FromHours(7));

        Assert.Contains("alice (editor)", await browser.PageAsync("/items"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_WebSessionTtlSwitch_SetsTheLifetime()
    {
        await using var server = await SiloTestServer.StartAsync("--web-session-ttl", "00:30:00");
        var token = await server.CreateUserAsync("alice", "editor");
        using var browser = WebClient.Anonymous(server);

        using var signIn = await browser.SignInAsync(token);
        Assert.Contains("max-age=1800", Assert.Single(signIn.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        server.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/items")).StatusCode);
    }

    [Fact]
    public async Task Restart_KeepsTheSignInAndItsOpenFormsValid()
    {
        using var browser = await WebClient.SignedInAsync(_server, _alice);
        var csrf = WebClient.Csrf(await browser.PageAsync("/items/PRT-1"));

        await _server.StopAsync();
        await _server.RestartAsync();

        using var response = await browser.PostAsync("/items/PRT-1/lock", WebClient.Form(("csrf", csrf)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var admin = _server.AdminClient();
        var status = await HttpAssert.JsonAsync(await admin.GetAsync("/api/items/PRT-1/lock"), HttpStatusCode.OK);
        Assert.Equal("alice", status.GetProperty("lock").GetProperty("locked_by").GetString());
    }

    [Fact]
    public async Task KeyRing_IsKeptInTheDataDirectoryForItsOwnerOnly()
    {
        using var browser = await WebClient.SignedInAsync(_server, _alice);

        var keyRing = Path.Combine(_server.DataDir, "web-keys");
        Assert.NotEmpty(Directory.GetFiles(keyRing, "key-*.xml"));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keyRing));
    }

    [Fact]
    public async Task Maintenance_RemovesExpiredSessionsOnly()
    {
        using var early = await WebClient.SignedInAsync(_server, _alice);
        _server.Clock.Advance(TimeSpan.FromHours(11));
        using var late = await WebClient.SignedInAsync(_server, _alice);
        _server.Clock.Advance(TimeSpan.FromHours(2));

        await _server.RunMaintenanceAsync();

        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "web_sessions"));
        await late.PageAsync("/items");
    }

    [Fact]
    public async Task Cookies_OverHttps_AreSecure()
    {
        using var certificate = SelfSignedCertificate();
        await using var server = await SiloTestServer.StartAsync(
            services => services.Configure<KestrelServerOptions>(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate)),
            "--urls", "https://127.0.0.1:0");
        using var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            // Trusts exactly the certificate this test made, nothing else.
            ServerCertificateCustomValidationCallback = (_, presented, _, errors) =>
                presented is not null && presented.RawData.AsSpan().SequenceEqual(certificate.RawData) && errors == SslPolicyErrors.RemoteCertificateChainErrors,
        };
        using var browser = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        Assert.Equal("https", server.BaseAddress.Scheme);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { username = "alice", role = "editor" }) };
        create.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.AdminToken);
        var token = (await HttpAssert.JsonAsync(await browser.SendAsync(create), HttpStatusCode.Created)).GetProperty("token").GetString()!;

        using var loginPage = await browser.GetAsync("/login");
        using var signIn = await browser.PostAsync("/login", WebClient.Form(("csrf", WebClient.Csrf(await loginPage.Content.ReadAsStringAsync())), ("token", token)));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var antiforgery = Assert.Single(loginPage.Headers.GetValues("Set-Cookie"), c => c.StartsWith("silo_antiforgery=", StringComparison.Ordinal));
        var session = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        foreach (var cookie in new[] { antiforgery, session })
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is one Kestrel's TLS stack can use on every platform.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }
}
