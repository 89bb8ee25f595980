using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Silo.Testing;
using static Microsoft.Playwright.Assertions;

namespace Silo.Web.Tests;

/// <summary>The lock pages in real chromium: two users in separate browser contexts, live updates over SSE.</summary>
[Collection(SharedBrowser.Name)]
public sealed class LockPagesBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Part = "PRT-42";
    private static readonly LocatorAssertionsToHaveAttributeOptions Patient = BrowserUsers.Patient;
    private SiloTestServer _server = null!;
    private BrowserUsers _users = null!;
    private string _alice = "";
    private string _bob = "";
    private string _vera = "";

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        _users = new BrowserUsers(browser, _server);
        await _server.CreateItemAsync(Part, description: "Drive motor bracket");
        await _server.CreateItemAsync("PRT-43", description: "Wheel hub <b>v2</b>");
        _alice = await _server.CreateUserAsync("alice", "editor");
        _bob = await _server.CreateUserAsync("bob", "editor");
        _vera = await _server.CreateUserAsync("vera", "viewer");
    }

    public async Task DisposeAsync()
    {
        await _users.CloseAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Lock_ByEditor_AppearsLiveInAnotherUsersTableAndDetail()
    {
        var alice = await _users.SignInAsync(_alice, $"/items/{Part}");
        var bobTable = await _users.SignInAsync(_bob, "/items");
        // A second tab of bob's: same context, so same session cookie.
        var bobDetail = await _users.NewTabAsync(bobTable);
        await OpenLiveAsync(bobDetail, $"/items/{Part}");
        await MarkLoadedAsync(bobTable);
        await MarkLoadedAsync(bobDetail);
        Assert.Equal("", await bobTable.Locator($"td[data-lock-for='{Part}']").TextContentAsync());

        await alice.GetByRole(AriaRole.Button, new() { Name = "Lock", Exact = true }).ClickAsync();

        var tooltip = LockedByAliceSince();
        await Expect(alice.Locator($"h1 [data-lock-for='{Part}']")).ToHaveAttributeAsync("title", tooltip, Patient);
        await Expect(bobTable.Locator($"td[data-lock-for='{Part}']")).ToHaveAttributeAsync("title", tooltip, Patient);
        await Expect(bobTable.Locator($"td[data-lock-for='{Part}']")).ToHaveTextAsync("🔒");
        await Expect(bobTable.Locator("td[data-lock-for='PRT-43']")).ToHaveTextAsync("");
        await Expect(bobDetail.Locator($"h1 [data-lock-for='{Part}']")).ToHaveAttributeAsync("title", tooltip, Patient);
        // The sentence under the heading follows too, in words and not only in the tooltip.
        await Expect(bobDetail.Locator($"[data-lock-text-for='{Part}']")).ToHaveTextAsync(tooltip);
        // Bob may not take alice's lock: his Lock button goes away without a reload.
        await Expect(bobDetail.GetByRole(AriaRole.Button, new() { Name = "Lock", Exact = true })).ToBeHiddenAsync();
        await Expect(bobDetail.GetByRole(AriaRole.Button, new() { Name = "Unlock", Exact = true })).ToBeHiddenAsync();
        await Expect(alice.GetByRole(AriaRole.Button, new() { Name = "Unlock", Exact = true })).ToBeVisibleAsync();
        await AssertNotReloadedAsync(bobTable);
        await AssertNotReloadedAsync(bobDetail);
        Assert.Equal(1, await bobTable.Locator("tbody tr").Filter(new() { HasText = "Wheel hub <b>v2</b>" }).CountAsync());
        await _users.ScreenshotAsync(bobTable, "items-table-live-lock");
        await _users.ScreenshotAsync(alice, "item-detail-locked-by-alice");

        await alice.GetByRole(AriaRole.Button, new() { Name = "Unlock", Exact = true }).ClickAsync();

        await Expect(bobTable.Locator($"td[data-lock-for='{Part}']")).ToHaveTextAsync("", new() { Timeout = 15_000 });
        await Expect(bobDetail.GetByRole(AriaRole.Button, new() { Name = "Lock", Exact = true })).ToBeVisibleAsync();
        await Expect(bobDetail.Locator($"[data-lock-text-for='{Part}']")).ToHaveTextAsync("Not checked out.");
        await AssertNotReloadedAsync(bobDetail);
        await AssertNotReloadedAsync(bobTable);
        _users.AssertNoPageErrors();
    }

    [Fact]
    public async Task ItemDetail_Viewer_HasNoLockButtonButSeesTheLock()
    {
        var vera = await _users.SignInAsync(_vera, $"/items/{Part}");
        await MarkLoadedAsync(vera);

        await Expect(vera.GetByRole(AriaRole.Button, new() { Name = "Lock", Exact = true })).ToHaveCountAsync(0);
        await Expect(vera.GetByRole(AriaRole.Button, new() { Name = "Unlock", Exact = true })).ToHaveCountAsync(0);
        using (var api = _server.Client(_alice)) (await api.PostAsync($"/api/items/{Part}/lock", null)).EnsureSuccessStatusCode();

        await Expect(vera.Locator($"h1 [data-lock-for='{Part}']")).ToHaveAttributeAsync("title", LockedByAliceSince(), Patient);
        await Expect(vera.GetByRole(AriaRole.Button, new() { Name = "Lock", Exact = true })).ToHaveCountAsync(0);
        await AssertNotReloadedAsync(vera);
        await _users.ScreenshotAsync(vera, "item-detail-viewer");
        _users.AssertNoPageErrors();
    }

    [Fact]
    public async Task LocksPage_ListsLockLiveAndAfterReload()
    {
        var bob = await _users.SignInAsync(_bob, "/items");
        await bob.GetByRole(AriaRole.Link, new() { Name = "Active locks" }).ClickAsync();
        await OpenLiveAsync(bob, null);
        await MarkLoadedAsync(bob);
        await Expect(bob.GetByText("No item is checked out.")).ToBeVisibleAsync();
        var alice = await _users.SignInAsync(_alice, $"/items/{Part}");

        await alice.GetByRole(AriaRole.Button, new() { Name = "Lock", Exact = true }).ClickAsync();

        var row = bob.Locator("table[data-locks-table] tbody tr");
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(Part);
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("alice");
        await Expect(row.Locator("td").First).ToHaveAttributeAsync("title", LockedByAliceSince());
        await Expect(bob.GetByText("No item is checked out.")).ToBeHiddenAsync();
        await AssertNotReloadedAsync(bob);

        await bob.ReloadAsync();
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("alice");
        await Expect(row.Locator("td").First).ToHaveAttributeAsync("title", LockedByAliceSince());
        await _users.ScreenshotAsync(bob, "locks-page");
        _users.AssertNoPageErrors();
    }

    /// <summary>The exact text the server and the script both produce, at the test clock's time.</summary>
    private Regex LockedByAliceSince()
    {
        var since = _server.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        return new Regex("^" + Regex.Escape($"Locked by alice since {since} UTC") + "$");
    }

    private static async Task OpenLiveAsync(IPage page, string? path)
    {
        if (path is not null) await page.GotoAsync(path);
        await BrowserUsers.WaitLiveAsync(page);
    }

    /// <summary>A marker in the page's window: it survives live updates and is gone after any reload.</summary>
    private static async Task MarkLoadedAsync(IPage page) => await page.EvaluateAsync("() => { window.siloTestMark = 'same-document'; }");

    private static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.Equal("same-document", await page.EvaluateAsync<string?>("() => window.siloTestMark ?? null"));
}
