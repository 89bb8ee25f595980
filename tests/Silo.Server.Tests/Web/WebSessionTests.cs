using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.Web;

/// <summary>The session cookie authenticates the pages' event stream, and nothing that changes state under /api.</summary>
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
}
