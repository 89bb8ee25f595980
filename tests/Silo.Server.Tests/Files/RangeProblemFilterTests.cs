using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;

namespace Silo.Server.Tests.Files;

/// <summary>Ranges on the two download routes: served as before, and a range past the end is a 416 problem.</summary>
public sealed class RangeProblemFilterTests : IAsyncLifetime
{
    private const string Part = "PRT-5";
    private static readonly byte[] Bytes = Encoding.ASCII.GetBytes("0123456789");
    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Part);
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task FileDownload_RangePastTheEnd_Returns416ProblemWithContentRange()
    {
        await PushRevisionAsync();

        using var response = await GetRangeAsync(_alice, $"/api/items/{Part}/file", 100, null);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable);
        Assert.Contains("10 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("bytes */10", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task FileDownload_RangeInside_Returns206WithThoseBytes()
    {
        await PushRevisionAsync();

        using var response = await GetRangeAsync(_alice, $"/api/items/{Part}/file", 2, 4);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("234", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BlobDownload_RangePastTheEnd_Returns416ProblemWithContentRange()
    {
        var url = await CheckpointDownloadUrlAsync();
        using var anonymous = _server.Client();

        using var response = await GetRangeAsync(anonymous, url, 10, null);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestedRangeNotSatisfiable);
        Assert.Equal("bytes */10", response.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task BlobDownload_SuffixRange_Returns206WithTheLastBytes()
    {
        var url = await CheckpointDownloadUrlAsync();
        using var anonymous = _server.Client();

        using var response = await GetRangeAsync(anonymous, url, null, 3);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("789", await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> GetRangeAsync(HttpClient client, string path, long? from, long? to)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Range = new RangeHeaderValue(from, to);
        return await client.SendAsync(request);
    }

    private async Task PushRevisionAsync()
    {
        using var upload = new ByteArrayContent(Bytes);
        upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var stored = await HttpAssert.JsonAsync(await _alice.PostAsync($"/api/items/{Part}/file", upload), HttpStatusCode.Created);
        (await _alice.PostJsonAsync($"/api/items/{Part}/revisions", new { file_hash = stored.GetProperty("sha256").GetString(), comment = "first" }))
            .EnsureSuccessStatusCode();
    }

    private async Task<string> CheckpointDownloadUrlAsync()
    {
        var pushed = await PushAsync(_server, _alice, Part, Bytes, "manual");
        var id = pushed.GetProperty("checkpoint_id").GetString();
        var view = await HttpAssert.JsonAsync(await _alice.GetAsync($"/api/items/{Part}/checkpoints/{id}"), HttpStatusCode.OK);
        return view.GetProperty("download_url").GetString()!;
    }
}
