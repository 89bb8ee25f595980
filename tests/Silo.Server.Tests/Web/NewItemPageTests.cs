using System.Net;
using Silo.Testing;

namespace Silo.Server.Tests.Web;

/// <summary>Creating an item from the items page: the API's rules, and a refused form comes back filled in with what was wrong.</summary>
public sealed class NewItemPageTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;
    private string _alice = "";
    private string _vera = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-1");
        _alice = await _server.CreateUserAsync("alice", "editor");
        _vera = await _server.CreateUserAsync("vera", "viewer");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CreatePost_Editor_CreatesTheItemAndOpensIt()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);
        var csrf = WebClient.Csrf(await alice.PageAsync("/items"));

        using var response = await alice.PostAsync("/items", NewItem(csrf, "  GEAR-12 ", "Gears", "Rover", "Spur gear, 12 teeth"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/items/GEAR-12", response.Headers.Location?.OriginalString);
        using var api = _server.AdminClient();
        var item = await HttpAssert.JsonAsync(await api.GetAsync("/api/items/GEAR-12"), HttpStatusCode.OK);
        Assert.Equal("Gears", item.GetProperty("category").GetString());
        Assert.Equal("Rover", item.GetProperty("project").GetString());
        Assert.Equal("Spur gear, 12 teeth", item.GetProperty("description").GetString());
        Assert.Equal("alice", item.GetProperty("created_by").GetString());
        Assert.Contains("\"item.created\"", await api.GetStringAsync("/api/events/history"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePost_InvalidPartNumber_Returns422WithTheFormAsTypedAndCreatesNothing()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);
        var csrf = WebClient.Csrf(await alice.PageAsync("/items"));

        using var response = await alice.PostAsync("/items", NewItem(csrf, "bad/part", "Gears", "Rover", "Keep this text"));

        var html = await WebClient.HtmlAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("The item was not created.", html, StringComparison.Ordinal);
        Assert.Contains("<details class=\"new-item\" open>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"new-part-number-error\">Part number must not contain path separators.</span>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"part_number\" value=\"bad/part\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"description\" value=\"Keep this text\"", html, StringComparison.Ordinal);
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "items"));
    }

    [Fact]
    public async Task CreatePost_SeveralBadFields_MarksEachOne()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);
        var csrf = WebClient.Csrf(await alice.PageAsync("/items"));

        using var response = await alice.PostAsync("/items", NewItem(csrf, "", "..", "Rover", "ok"));

        var html = await WebClient.HtmlAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(">Part number is required.</span>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"new-category-error\">Category must not contain &#x27;..&#x27;.</span>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"new-project-error\"></span>", html, StringComparison.Ordinal);
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "items"));
    }

    [Fact]
    public async Task CreatePost_DuplicatePartNumber_Returns409NamingItAndKeepsTheExistingItem()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);
        var csrf = WebClient.Csrf(await alice.PageAsync("/items"));

        using var response = await alice.PostAsync("/items", NewItem(csrf, "PRT-1", "Other", "Other", "A second one"));

        var html = await WebClient.HtmlAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("An item with part number &#x27;PRT-1&#x27; already exists.", html, StringComparison.Ordinal);
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "items"));
        using var api = _server.AdminClient();
        Assert.Equal("Test part", (await HttpAssert.JsonAsync(await api.GetAsync("/api/items/PRT-1"), HttpStatusCode.OK)).GetProperty("description").GetString());
    }

    [Fact]
    public async Task CreatePost_WithoutCsrf_Returns403AndCreatesNothing()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);

        using var response = await alice.PostAsync("/items", WebClient.Form(("part_number", "GEAR-1"), ("category", "Gears"), ("project", "Rover")));

        await WebClient.HtmlAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "items"));
    }

    [Fact]
    public async Task ItemsPage_Viewer_HasNoNewItemFormAndCannotPostOne()
    {
        using var vera = await WebClient.SignedInAsync(_server, _vera);
        var page = await vera.PageAsync("/items");
        Assert.DoesNotContain("New item", page, StringComparison.Ordinal);

        using var response = await vera.PostAsync("/items", NewItem(WebClient.Csrf(page), "GEAR-1", "Gears", "Rover", ""));

        Assert.Contains("may not create items", await WebClient.HtmlAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "items"));
    }

    private static FormUrlEncodedContent NewItem(string csrf, string partNumber, string category, string project, string description) =>
        WebClient.Form(("csrf", csrf), ("part_number", partNumber), ("category", category), ("project", project), ("description", description));
}
