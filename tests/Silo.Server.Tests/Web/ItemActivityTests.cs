using System.Globalization;
using System.Net;
using Silo.Server.Tests.Checkpoints;
using Silo.Server.Tests.EditSessions;
using Silo.Testing;

namespace Silo.Server.Tests.Web;

/// <summary>The item page states the lock in words and lists live edit sessions and the latest checkpoints with their files.</summary>
public sealed class ItemActivityTests : IAsyncLifetime
{
    private const string Part = "PRT-5";
    private SiloTestServer _server = null!;
    private Editor _alice = null!;
    private Editor _bob = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Part, description: "Gear housing");
        _alice = await _server.CreateEditorAsync("alice");
        _bob = await _server.CreateEditorAsync("bob");
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ItemPage_Locked_StatesHolderSinceAndCommentInText()
    {
        var since = Now();
        (await _alice.Http.PostJsonAsync($"/api/items/{Part}/lock", new { comment = "fixing the bolt holes" })).EnsureSuccessStatusCode();
        using var bob = await WebClient.SignedInAsync(_server, _bob.Token);

        var page = await bob.PageAsync($"/items/{Part}");

        Assert.Contains($"<p class=\"lock-state\" data-lock-text-for=\"{Part}\">Locked by alice since {since} UTC (fixing the bolt holes)</p>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemPage_Unlocked_SaysNotCheckedOut()
    {
        using var bob = await WebClient.SignedInAsync(_server, _bob.Token);

        var page = await bob.PageAsync($"/items/{Part}");

        Assert.Contains($"data-lock-text-for=\"{Part}\">Not checked out.</p>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemPage_LiveEditSessions_ListsWhoObjectContextAndSince()
    {
        var since = Now();
        await _alice.GrantAsync(Part, "sketch", "Sketch001", ["Pad001"]);
        // Less than an edit session's two-minute lifetime without heartbeats.
        _server.Clock.Advance(TimeSpan.FromMinutes(1));
        var ended = await _bob.GrantAsync(Part, "partdesign", "Body002", ["Pocket002"]);
        (await _bob.Http.DeleteAsync($"/api/items/{Part}/edit-session/{ended.GetProperty("session_id").GetString()}")).EnsureSuccessStatusCode();
        using var browser = await WebClient.SignedInAsync(_server, _bob.Token);

        var page = await browser.PageAsync($"/items/{Part}");

        Assert.Contains($"<tr><td>alice</td><td><code>Sketch001</code></td><td>sketch</td><td>alice-pc</td><td>{since} UTC</td></tr>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Body002", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Nobody is editing", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemPage_NoSessionsOrCheckpoints_SaysSo()
    {
        using var browser = await WebClient.SignedInAsync(_server, _bob.Token);

        var page = await browser.PageAsync($"/items/{Part}");

        Assert.Contains($"Nobody is editing {Part} now.", page, StringComparison.Ordinal);
        Assert.Contains($"No checkpoints of {Part} are kept.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemPage_Checkpoints_ListsTheNewestTenWithDownloadLinks()
    {
        var ids = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            var pushed = await CheckpointKit.PushAsync(_server, _alice.Http, Part, CheckpointKit.RandomBytes(2048 + i), i == 10 ? "manual" : "body_close");
            ids.Add(pushed.GetProperty("checkpoint_id").GetString()!);
            _server.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        using var browser = await WebClient.SignedInAsync(_server, _bob.Token);

        var page = await browser.PageAsync($"/items/{Part}");

        Assert.DoesNotContain(ids[0], page, StringComparison.Ordinal);
        foreach (var id in ids.Skip(1)) Assert.Contains($"<a href=\"/items/{Part}/checkpoints/{id}/file\" download>Download</a>", page, StringComparison.Ordinal);
        // Newest first: the manual checkpoint pushed last heads the list.
        Assert.True(page.IndexOf(ids[10], StringComparison.Ordinal) < page.IndexOf(ids[9], StringComparison.Ordinal));
        Assert.Contains("<td>alice</td><td>manual</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">2 KB</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointDownload_SignedIn_ServesTheFileAsAnAttachment()
    {
        var bytes = CheckpointKit.RandomBytes(4096);
        var pushed = await CheckpointKit.PushAsync(_server, _alice.Http, Part, bytes, "body_close");
        var id = pushed.GetProperty("checkpoint_id").GetString()!;
        using var browser = await WebClient.SignedInAsync(_server, _bob.Token);
        // Long after a presigned URL rendered with the page would have expired.
        _server.Clock.Advance(TimeSpan.FromHours(2));

        using var response = await browser.GetAsync($"/items/{Part}/checkpoints/{id}/file");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"{Part}_v{pushed.GetProperty("version").GetInt64()}.FCStd", response.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task CheckpointDownload_SignedOut_RedirectsToLoginAndServesNothing()
    {
        var pushed = await CheckpointKit.PushAsync(_server, _alice.Http, Part, CheckpointKit.RandomBytes(64), "body_close");
        using var browser = WebClient.Anonymous(_server);

        using var response = await browser.GetAsync($"/items/{Part}/checkpoints/{pushed.GetProperty("checkpoint_id").GetString()}/file");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?return=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointDownload_UnknownCheckpoint_Returns404Page()
    {
        using var browser = await WebClient.SignedInAsync(_server, _bob.Token);

        using var response = await browser.GetAsync($"/items/{Part}/checkpoints/nope/file");

        Assert.Contains($"{Part} has no checkpoint &#x27;nope&#x27;", await WebClient.HtmlAsync(response, HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    private string Now() => _server.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
