using System.Net;
using System.Net.Http.Headers;
using Silo.Testing;

namespace Silo.Server.Tests.Files;

/// <summary>A server whose upload limit is 1 KiB: oversize bodies are refused with 413 and leave nothing behind.</summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private const int Limit = 1024;
    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync("--max-upload-bytes", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await _server.CreateItemAsync("PRT-100");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task AssertNothingKeptAsync()
    {
        Assert.Empty(BlobDir.StoredFiles(_server.DataDir));
        Assert.True(await BlobDir.EventuallyAsync(() => BlobDir.TempFiles(_server.DataDir).Length == 0),
            $"temp files left behind: {string.Join(", ", BlobDir.TempFiles(_server.DataDir))}");
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "blobs"));
    }

    [Fact]
    public async Task Upload_ExactlyAtLimit_IsStored()
    {
        using var admin = _server.AdminClient();
        var bytes = FilesApiTests.Bytes(Limit);

        using var response = await FilesApiTests.UploadAsync(admin, "PRT-100", bytes);

        var body = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(Limit, body.GetProperty("size").GetInt64());
        Assert.True(File.Exists(BlobDir.PathOf(_server.DataDir, FilesApiTests.Sha256(bytes))));
    }

    [Fact]
    public async Task Upload_OverLimitWithContentLength_Returns413AndKeepsNothing()
    {
        using var admin = _server.AdminClient();

        using var response = await FilesApiTests.UploadAsync(admin, "PRT-100", FilesApiTests.Bytes(Limit + 1));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1024", problem.GetProperty("detail").GetString());
        await AssertNothingKeptAsync();
    }

    [Fact]
    public async Task Upload_OverLimitChunked_Returns413AndKeepsNothing()
    {
        using var admin = _server.AdminClient();
        using var content = new StreamingContent(FilesApiTests.Bytes(8 * Limit), chunkSize: 256);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/items/PRT-100/file") { Content = content };

        using var response = await admin.SendAsync(request);

        Assert.True(request.Headers.TransferEncodingChunked, "the body should have gone out chunked, without Content-Length");
        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1024", problem.GetProperty("detail").GetString());
        await AssertNothingKeptAsync();
    }

    [Fact]
    public async Task Upload_OverLimitChunkedByOneByte_Returns413AndKeepsNothing()
    {
        using var admin = _server.AdminClient();
        using var content = new StreamingContent(FilesApiTests.Bytes(Limit + 1), chunkSize: 100);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await admin.PostAsync("/api/items/PRT-100/file", content);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingKeptAsync();
    }

    [Fact]
    public async Task Upload_AfterRefusedOversize_NextUploadWorks()
    {
        using var admin = _server.AdminClient();
        using var refused = await FilesApiTests.UploadAsync(admin, "PRT-100", FilesApiTests.Bytes(4 * Limit));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);

        using var response = await FilesApiTests.UploadAsync(admin, "PRT-100", FilesApiTests.Bytes(10));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
