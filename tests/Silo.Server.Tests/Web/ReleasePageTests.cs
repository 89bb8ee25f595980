using System.Net;
using Silo.Testing;
using static Silo.Server.Tests.Subscriptions.SubscriptionTestKit;

namespace Silo.Server.Tests.Web;

/// <summary>The Release button of a draft revision: the API's release, with its notifications and its refusals.</summary>
public sealed class ReleasePageTests : IAsyncLifetime
{
    private const string Part = "PRT-100";
    private SiloTestServer _server = null!;
    private string _bobToken = "";
    private HttpClient _bob = null!;
    private HttpClient _carol = null!;
    private string _vera = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Part);
        _bobToken = await _server.CreateUserAsync("bob", "editor");
        _bob = _server.Client(_bobToken);
        _carol = _server.Client(await _server.CreateUserAsync("carol", "viewer"));
        _vera = await _server.CreateUserAsync("vera", "viewer");
    }

    public async Task DisposeAsync()
    {
        _bob.Dispose();
        _carol.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ItemPage_Editor_HasAReleaseButtonOnDraftRowsOnly()
    {
        var (first, _) = await CreateRevisionAsync(_bob, Part, "v1");
        var (second, _) = await CreateRevisionAsync(_bob, Part, "v2");
        await ReleaseAsync(_bob, Part, first);
        using var browser = await WebClient.SignedInAsync(_server, _bobToken);

        var page = await browser.PageAsync($"/items/{Part}");

        Assert.Contains($"action=\"/items/{Part}/revisions/{second}/release\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"action=\"/items/{Part}/revisions/{first}/release\"", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"hint\">bob · ", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleasePost_Editor_ReleasesAndTellsLatestReleasedSubscribers()
    {
        var workstation = await RegisterWorkstationAsync(_carol, "carol-desk");
        await SubscribeAsync(_carol, workstation, "item", Part, "latest_released");
        await using var stream = await StreamAsync(_carol, workstation);
        var (revision, hash) = await CreateRevisionAsync(_bob, Part, "v1");
        using var browser = await WebClient.SignedInAsync(_server, _bobToken);
        var csrf = WebClient.Csrf(await browser.PageAsync($"/items/{Part}"));

        using var response = await browser.PostAsync($"/items/{Part}/revisions/{revision}/release", WebClient.Form(("csrf", csrf)));
        await _server.CreateItemAsync("MARK-1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/items/{Part}", response.Headers.Location?.OriginalString);
        var released = await HttpAssert.JsonAsync(await _bob.GetAsync($"/api/items/{Part}/revisions/{revision}"), HttpStatusCode.OK);
        Assert.Equal("released", released.GetProperty("status").GetString());
        Assert.Equal("bob", released.GetProperty("released_by").GetString());
        var told = Assert.Single(await ReadUntilAsync(stream, m => IsItemCreated(m, "MARK-1")), m => m.Type == "subscription.revision").Json.GetProperty("data");
        Assert.Equal("released", told.GetProperty("status").GetString());
        Assert.Equal(hash, told.GetProperty("file_hash").GetString());
        Assert.Contains("<td>released</td>", await browser.PageAsync($"/items/{Part}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleasePost_LockedByAnother_ShowsTheConflictAndStaysDraft()
    {
        var (revision, _) = await CreateRevisionAsync(_bob, Part, "v1");
        var aliceToken = await _server.CreateUserAsync("alice", "editor");
        using (var alice = _server.Client(aliceToken)) (await alice.PostAsync($"/api/items/{Part}/lock", null)).EnsureSuccessStatusCode();
        using var browser = await WebClient.SignedInAsync(_server, _bobToken);
        var csrf = WebClient.Csrf(await browser.PageAsync($"/items/{Part}"));

        using var response = await browser.PostAsync($"/items/{Part}/revisions/{revision}/release", WebClient.Form(("csrf", csrf)));

        Assert.Contains($"{Part} is locked by alice", await WebClient.HtmlAsync(response, HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Equal("draft", (await HttpAssert.JsonAsync(await _bob.GetAsync($"/api/items/{Part}/revisions/{revision}"), HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReleasePost_UnknownRevision_ShowsNotFoundOnTheItemPage()
    {
        using var browser = await WebClient.SignedInAsync(_server, _bobToken);
        var csrf = WebClient.Csrf(await browser.PageAsync($"/items/{Part}"));

        using var response = await browser.PostAsync($"/items/{Part}/revisions/7/release", WebClient.Form(("csrf", csrf)));

        Assert.Contains($"{Part} has no revision 7.", await WebClient.HtmlAsync(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleasePost_WithoutCsrf_Returns403AndStaysDraft()
    {
        var (revision, _) = await CreateRevisionAsync(_bob, Part, "v1");
        using var browser = await WebClient.SignedInAsync(_server, _bobToken);

        using var response = await browser.PostAsync($"/items/{Part}/revisions/{revision}/release", WebClient.Form());

        await WebClient.HtmlAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("draft", (await HttpAssert.JsonAsync(await _bob.GetAsync($"/api/items/{Part}/revisions/{revision}"), HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReleasePost_Viewer_HasNoButtonAndIsRefused()
    {
        var (revision, _) = await CreateRevisionAsync(_bob, Part, "v1");
        using var vera = await WebClient.SignedInAsync(_server, _vera);
        var page = await vera.PageAsync($"/items/{Part}");
        Assert.DoesNotContain(">Release</button>", page, StringComparison.Ordinal);

        using var response = await vera.PostAsync($"/items/{Part}/revisions/{revision}/release", WebClient.Form(("csrf", WebClient.Csrf(page))));

        Assert.Contains("may not release revisions", await WebClient.HtmlAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Equal("draft", (await HttpAssert.JsonAsync(await _bob.GetAsync($"/api/items/{Part}/revisions/{revision}"), HttpStatusCode.OK)).GetProperty("status").GetString());
    }
}
