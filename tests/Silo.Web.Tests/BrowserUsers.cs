using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Silo.Testing;
using static Microsoft.Playwright.Assertions;

namespace Silo.Web.Tests;

/// <summary>
/// The people of one browser test: a browser context each (so a cookie jar each), signed in
/// through the form, with every script or console error collected for the test to assert on.
/// </summary>
internal sealed class BrowserUsers(BrowserFixture browser, SiloTestServer server)
{
    public static readonly LocatorAssertionsToHaveAttributeOptions Patient = new() { Timeout = 15_000 };
    private readonly List<IBrowserContext> _contexts = [];

    private readonly List<(string Text, string Url)> _errors = [];
    private readonly HashSet<string> _errorDocuments = [];

    public async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1100, Height = 560 },
            AcceptDownloads = true,
        });
        _contexts.Add(context);
        return Watch(await context.NewPageAsync());
    }

    /// <summary>Another tab of the same person: same context, so the same session cookie.</summary>
    public async Task<IPage> NewTabAsync(IPage page) => Watch(await page.Context.NewPageAsync());

    /// <summary>Signs in through the login form, as a person would, and lands on <paramref name="path"/> with its event stream open.</summary>
    public async Task<IPage> SignInAsync(string token, string path)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(path);
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?return="));
        await page.GetByLabel("Access token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        await WaitLiveAsync(page);
        return page;
    }

    /// <summary>The script marks the body once its event stream is connected.</summary>
    public static async Task WaitLiveAsync(IPage page) => await Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "on", Patient);

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(browser.ScreenshotDir, name + ".png"), FullPage = true });

    /// <summary>
    /// No script error, no blocked script or style. Chromium also logs a page that itself answered
    /// 4xx (a refused form, the 404 page) as a failed resource; those pages are the point of some
    /// tests, so only failures of anything else count.
    /// </summary>
    public void AssertNoPageErrors()
    {
        var errors = _errors.Where(e => !(e.Text.StartsWith("Failed to load resource", StringComparison.Ordinal) && _errorDocuments.Contains(e.Url)))
            .Select(e => $"{e.Text} ({e.Url})").ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    private IPage Watch(IPage page)
    {
        page.Console += (_, message) => { if (message.Type == "error") _errors.Add((message.Text, message.Location.Split(':')[..^2] is { Length: > 0 } parts ? string.Join(':', parts) : message.Location)); };
        page.PageError += (_, error) => _errors.Add((error, page.Url));
        page.Response += (_, response) => { if (response.Request.IsNavigationRequest && response.Status >= 400) _errorDocuments.Add(response.Url); };
        return page;
    }

    /// <summary>Closes every context; the shared browser stays open for the other tests.</summary>
    public async Task CloseAsync()
    {
        foreach (var context in _contexts) await context.DisposeAsync();
    }
}
