using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.Web;

/// <summary>A mistyped page address answers a page; a mistyped API path keeps answering problem JSON.</summary>
public sealed class NotFoundPageTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private string _alice = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        _alice = await _server.CreateUserAsync("alice", "editor");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task UnknownPage_SignedIn_Returns404PageWithToolbar()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);

        using var response = await alice.GetAsync("/itmes/PRT-1");

        var html = await WebClient.HtmlAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("<h1>Page not found</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Nothing is served at /itmes/PRT-1", html, StringComparison.Ordinal);
        Assert.Contains("alice (editor)", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/items\">All items</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPage_SignedOut_Returns404PageWithoutToolbar()
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.GetAsync("/nothing.html");

        var html = await WebClient.HtmlAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign out", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPage_PathWithMarkup_IsEscaped()
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.GetAsync("/%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        var html = await WebClient.HtmlAsync(response, HttpStatusCode.NotFound);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("Nothing is served at /%3Cscript%3Ealert(1)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiPath_WithSessionCookie_StaysProblemJson()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);

        using var response = await alice.GetAsync("/api/itmes");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WrongMethodOnAPage_StaysA405Problem()
    {
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.DeleteAsync("/items");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }
}
