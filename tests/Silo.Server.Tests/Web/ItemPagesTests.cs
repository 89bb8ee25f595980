using System.Net;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Server.Tests.Web;

/// <summary>Items table, item detail and the lock forms, as a browser sees them.</summary>
public sealed class ItemPagesTests : IAsyncLifetime
{
    private const string Part = "PRT-7";
    private SiloTestServer _server = null!;
    private string _alice = "";
    private string _bob = "";
    private string _vera = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Part, description: "Motor bracket");
        _alice = await _server.CreateUserAsync("alice", "editor");
        _bob = await _server.CreateUserAsync("bob", "editor");
        _vera = await _server.CreateUserAsync("vera", "viewer");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ItemPage_Viewer_HasNoLockOrUnlockForm()
    {
        using var vera = await WebClient.SignedInAsync(_server, _vera);

        var page = await vera.PageAsync($"/items/{Part}");

        Assert.Contains("Motor bracket", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/lock\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Lock</button>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Unlock</button>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemPage_Editor_HasVisibleLockFormWithCsrf()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);

        var page = await alice.PageAsync($"/items/{Part}");

        Assert.Contains($"<form method=\"post\" action=\"/items/{Part}/lock\" data-lock-action=\"lock\" data-pn=\"{Part}\"><input type=\"hidden\" name=\"csrf\"", page, StringComparison.Ordinal);
        Assert.Contains(">Lock</button>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LockPost_WithCsrf_LocksThroughTheApiRulesAndShowsTooltip()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);
        var csrf = WebClient.Csrf(await alice.PageAsync($"/items/{Part}"));

        using var response = await alice.PostAsync($"/items/{Part}/lock", WebClient.Form(("csrf", csrf)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var status = await LockStatusAsync();
        Assert.True(status.GetProperty("locked").GetBoolean());
        Assert.Equal("alice", status.GetProperty("lock").GetProperty("locked_by").GetString());
        var since = _server.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"title=\"Locked by alice since {since} UTC\">🔒</td>", await alice.PageAsync("/items"), StringComparison.Ordinal);
        Assert.Contains($"title=\"Locked by alice since {since} UTC\">🔒</span>", await alice.PageAsync($"/items/{Part}"), StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/items/{Part}\">{Part}</a>", await alice.PageAsync("/locks"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LockPost_HeldByAnother_ShowsConflictOnThePage()
    {
        using var api = _server.Client(_bob);
        (await api.PostAsync($"/api/items/{Part}/lock", null)).EnsureSuccessStatusCode();
        using var alice = await WebClient.SignedInAsync(_server, _alice);
        var csrf = WebClient.Csrf(await alice.PageAsync($"/items/{Part}"));

        using var response = await alice.PostAsync($"/items/{Part}/lock", WebClient.Form(("csrf", csrf)));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"{Part} is locked by bob", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("bob", (await LockStatusAsync()).GetProperty("lock").GetProperty("locked_by").GetString());
    }

    [Fact]
    public async Task LockPost_WithoutCsrf_Returns403AndLeavesItemUnlocked()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);

        using var response = await alice.PostAsync($"/items/{Part}/lock", WebClient.Form(("comment", "forged")));

        Assert.Contains("Nothing was changed", await WebClient.HtmlAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.False((await LockStatusAsync()).GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task LockPost_CsrfOfAnotherSession_Returns403AndLeavesItemUnlocked()
    {
        using var bob = await WebClient.SignedInAsync(_server, _bob);
        var bobsCsrf = WebClient.Csrf(await bob.PageAsync($"/items/{Part}"));
        using var alice = await WebClient.SignedInAsync(_server, _alice);

        using var response = await alice.PostAsync($"/items/{Part}/lock", WebClient.Form(("csrf", bobsCsrf)));

        await WebClient.HtmlAsync(response, HttpStatusCode.Forbidden);
        Assert.False((await LockStatusAsync()).GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task UnlockPost_WithoutCsrf_Returns403AndKeepsLock()
    {
        using var api = _server.Client(_alice);
        (await api.PostAsync($"/api/items/{Part}/lock", null)).EnsureSuccessStatusCode();
        using var alice = await WebClient.SignedInAsync(_server, _alice);

        using var response = await alice.PostAsync($"/items/{Part}/unlock", WebClient.Form());

        await WebClient.HtmlAsync(response, HttpStatusCode.Forbidden);
        Assert.True((await LockStatusAsync()).GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task UnlockPost_ByHolderWithCsrf_Releases()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);
        var csrf = WebClient.Csrf(await alice.PageAsync($"/items/{Part}"));
        (await alice.PostAsync($"/items/{Part}/lock", WebClient.Form(("csrf", csrf)))).Dispose();

        using var response = await alice.PostAsync($"/items/{Part}/unlock", WebClient.Form(("csrf", csrf)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False((await LockStatusAsync()).GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task UnlockPost_AdminOnAnothersLock_NeedsReasonThenReleasesAndAudits()
    {
        using var api = _server.Client(_alice);
        (await api.PostAsync($"/api/items/{Part}/lock", null)).EnsureSuccessStatusCode();
        using var admin = await WebClient.SignedInAsync(_server, _server.AdminToken);
        var page = await admin.PageAsync($"/items/{Part}");
        var csrf = WebClient.Csrf(page);
        Assert.Contains("name=\"reason\"", page, StringComparison.Ordinal);

        using var refused = await admin.PostAsync($"/items/{Part}/unlock", WebClient.Form(("csrf", csrf)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("needs a reason", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await LockStatusAsync()).GetProperty("locked").GetBoolean());

        using var released = await admin.PostAsync($"/items/{Part}/unlock", WebClient.Form(("csrf", csrf), ("reason", "alice is on leave")));

        Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        Assert.False((await LockStatusAsync()).GetProperty("locked").GetBoolean());
        using var auditClient = _server.AdminClient();
        Assert.Contains("alice is on leave", await auditClient.GetStringAsync("/api/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemPage_UnknownPart_Returns404Page()
    {
        using var alice = await WebClient.SignedInAsync(_server, _alice);

        using var response = await alice.GetAsync("/items/NOPE-1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No item with part number <strong>NOPE-1</strong>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LockPost_Viewer_Returns403AndLeavesItemUnlocked()
    {
        using var vera = await WebClient.SignedInAsync(_server, _vera);
        var csrf = WebClient.Csrf(await vera.PageAsync($"/items/{Part}"));

        using var response = await vera.PostAsync($"/items/{Part}/lock", WebClient.Form(("csrf", csrf)));

        Assert.Contains("may not lock items", await WebClient.HtmlAsync(response, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.False((await LockStatusAsync()).GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task Pages_DescriptionWithScript_IsEscaped()
    {
        await _server.CreateItemAsync("PRT-X", description: "<script>alert('x')</script> & \"quoted\"");
        using var alice = await WebClient.SignedInAsync(_server, _alice);

        foreach (var page in new[] { await alice.PageAsync("/items"), await alice.PageAsync("/items/PRT-X") })
        {
            Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ItemsPage_Search_ShowsOnlyMatches()
    {
        await _server.CreateItemAsync("PRT-9", description: "Wheel hub");
        using var alice = await WebClient.SignedInAsync(_server, _alice);

        var page = await alice.PageAsync("/items?search=hub");

        Assert.Contains("PRT-9", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Part, page, StringComparison.Ordinal);
    }

    private async Task<JsonElement> LockStatusAsync()
    {
        using var api = _server.AdminClient();
        using var response = await api.GetAsync($"/api/items/{Part}/lock");
        return await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
    }
}
