using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Silo.Testing;
using static Microsoft.Playwright.Assertions;

namespace Silo.Web.Tests;

/// <summary>Sign-in, creating an item, releasing a revision, the item page's activity and the 404 page, in real chromium.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ItemPagesBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Part = "PRT-42";
    private SiloTestServer _server = null!;
    private BrowserUsers _users = null!;
    private string _alice = "";
    private string _bob = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        _users = new BrowserUsers(browser, _server);
        await _server.CreateItemAsync(Part, description: "Drive motor bracket");
        _alice = await _server.CreateUserAsync("alice", "editor");
        _bob = await _server.CreateUserAsync("bob", "editor");
    }

    public async Task DisposeAsync()
    {
        await _users.CloseAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task SignIn_WrongThenRightToken_KeepsOnlyAnOpaqueHttpOnlyExpiringCookie()
    {
        var page = await _users.NewPageAsync();
        await page.GotoAsync("/items");
        await page.GetByLabel("Access token").FillAsync("silo_wrong-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That token is not valid.");
        await _users.ScreenshotAsync(page, "sign-in-refused");

        await page.GetByLabel("Access token").FillAsync(_alice);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/items$"));
        await Expect(page.Locator(".toolbar .who")).ToHaveTextAsync("alice (editor)");
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "silo_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(_alice, session.Value, StringComparison.Ordinal);
        var lifetime = DateTimeOffset.FromUnixTimeSeconds((long)session.Expires) - DateTimeOffset.UtcNow;
        Assert.InRange(lifetime, TimeSpan.FromHours(11), TimeSpan.FromHours(13));
        // The page's own script cannot read it either.
        Assert.DoesNotContain("silo_session", await page.EvaluateAsync<string>("() => document.cookie"), StringComparison.Ordinal);
        _users.AssertNoPageErrors();
    }

    [Fact]
    public async Task CreateItem_BadPartNumberThenFixed_ShowsTheFaultThenOpensTheNewItem()
    {
        var page = await _users.SignInAsync(_alice, "/items");
        await page.GetByText("New item").ClickAsync();
        await page.GetByLabel("Part number").FillAsync("GEAR/12");
        await page.GetByLabel("Category").FillAsync("Gears");
        await page.GetByLabel("Project").FillAsync("Rover");
        await page.GetByLabel("Description").FillAsync("Spur gear, 12 teeth");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create item" }).ClickAsync();

        await Expect(page.Locator("#new-part-number-error")).ToHaveTextAsync("Part number must not contain path separators.");
        await Expect(page.GetByLabel("Description")).ToHaveValueAsync("Spur gear, 12 teeth");
        await _users.ScreenshotAsync(page, "new-item-refused");

        await page.GetByLabel("Part number").FillAsync("GEAR-12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create item" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/items/GEAR-12$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(new Regex("GEAR-12$"));
        await Expect(page.Locator(".description")).ToHaveTextAsync("Spur gear, 12 teeth");
        await BrowserUsers.WaitLiveAsync(page);
        await _users.ScreenshotAsync(page, "new-item-created");
        await page.GetByRole(AriaRole.Link, new() { Name = "Items", Exact = true }).ClickAsync();
        await Expect(page.Locator("tr[data-pn='GEAR-12']")).ToHaveCountAsync(1);
        _users.AssertNoPageErrors();
    }

    [Fact]
    public async Task ReleaseRevision_FromTheItemPage_MarksItReleased()
    {
        using var api = _server.Client(_alice);
        await CreateRevisionAsync(api, "first draft");
        await CreateRevisionAsync(api, "second draft");
        var page = await _users.SignInAsync(_bob, $"/items/{Part}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Release revision 1" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Release revision 2" }).ClickAsync();

        var released = page.Locator("tr[data-revision='2']");
        await Expect(released.Locator("td").Nth(1)).ToHaveTextAsync("released");
        await Expect(released).ToContainTextAsync("bob · ");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Release revision 2" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Release revision 1" })).ToBeVisibleAsync();
        var revision = await HttpAssert.JsonAsync(await api.GetAsync($"/api/items/{Part}/revisions/2"), HttpStatusCode.OK);
        Assert.Equal("released", revision.GetProperty("status").GetString());
        await BrowserUsers.WaitLiveAsync(page);
        await _users.ScreenshotAsync(page, "item-revision-released");
        _users.AssertNoPageErrors();
    }

    [Fact]
    public async Task ItemPage_LockSessionsAndCheckpoints_AreStatedAndTheCheckpointDownloads()
    {
        using var api = _server.Client(_alice);
        var since = _server.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        (await api.PostJsonAsync($"/api/items/{Part}/lock", new { comment = "reworking the holes" })).EnsureSuccessStatusCode();
        var workstation = await TestWorkstations.RegisterAsync(api, "alice-pc");
        (await api.PostJsonAsync($"/api/items/{Part}/edit-session",
            new { workstation_id = workstation, context_level = "sketch", object_id = "Sketch001", dependency_cone = new[] { "Pad001" } })).EnsureSuccessStatusCode();
        var bytes = Encoding.UTF8.GetBytes("checkpoint file of " + Part);
        await PushCheckpointAsync(api, bytes);
        var page = await _users.SignInAsync(_bob, $"/items/{Part}");

        await Expect(page.Locator(".lock-state")).ToHaveTextAsync($"Locked by alice since {since} UTC (reworking the holes)");
        var session = page.Locator("table.sessions tbody tr");
        await Expect(session).ToHaveCountAsync(1);
        await Expect(session).ToContainTextAsync("alice");
        await Expect(session).ToContainTextAsync("Sketch001");
        await Expect(session).ToContainTextAsync($"{since} UTC");
        await Expect(page.Locator("table.checkpoints tbody tr")).ToHaveCountAsync(1);
        await _users.ScreenshotAsync(page, "item-activity");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download" }).ClickAsync());
        Assert.Equal($"{Part}_v1.FCStd", download.SuggestedFilename);
        Assert.Equal(bytes, await File.ReadAllBytesAsync((await download.PathAsync())!));

        // Released elsewhere: the sentence follows without a reload.
        (await api.DeleteAsync($"/api/items/{Part}/lock")).EnsureSuccessStatusCode();
        await Expect(page.Locator(".lock-state")).ToHaveTextAsync("Not checked out.", new() { Timeout = 15_000 });
        _users.AssertNoPageErrors();
    }

    [Fact]
    public async Task MistypedAddress_ShowsTheNotFoundPageWithAWayBack()
    {
        var page = await _users.SignInAsync(_alice, "/items");

        var response = await page.GotoAsync("/itmes/PRT-42");

        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Nothing is served at /itmes/PRT-42");
        await Expect(page.Locator(".toolbar .who")).ToHaveTextAsync("alice (editor)");
        await _users.ScreenshotAsync(page, "not-found-page");
        await page.GetByRole(AriaRole.Link, new() { Name = "All items" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/items$"));
        _users.AssertNoPageErrors();
    }

    private static async Task CreateRevisionAsync(HttpClient api, string comment)
    {
        using var bytes = new ByteArrayContent(Encoding.UTF8.GetBytes(comment));
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var file = await HttpAssert.JsonAsync(await api.PostAsync($"/api/items/{Part}/file", bytes), HttpStatusCode.Created);
        await HttpAssert.JsonAsync(await api.PostJsonAsync($"/api/items/{Part}/revisions",
            new { file_hash = file.GetProperty("sha256").GetString(), comment, @base = await api.HeadBaseAsync(Part) }), HttpStatusCode.Created);
    }

    /// <summary>A workbench's push: upload URL, PUT of the bytes, checkpoint on the head.</summary>
    private async Task PushCheckpointAsync(HttpClient api, byte[] bytes)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var grant = await HttpAssert.JsonAsync(await api.PostJsonAsync($"/api/items/{Part}/checkpoint/upload-url", new { sha256 = sha, size = bytes.Length }),
            HttpStatusCode.OK);
        using (var anonymous = _server.Client())
        using (var content = new ByteArrayContent(bytes))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            (await anonymous.PutAsync(grant.GetProperty("upload_url").GetString(), content)).EnsureSuccessStatusCode();
        }
        await HttpAssert.JsonAsync(await api.PostJsonAsync($"/api/items/{Part}/checkpoint",
            new { file_hash = sha, file_size = bytes.Length, context = "manual", @base = await api.HeadBaseAsync(Part) }), HttpStatusCode.Created);
    }
}
