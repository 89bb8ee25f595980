using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Silo.Testing;

namespace Silo.Server.Tests.Files;

public sealed class FilesApiTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-100");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    internal static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    internal static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    internal static Task<HttpResponseMessage> UploadAsync(HttpClient client, string partNumber, byte[] bytes, string contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync($"/api/items/{partNumber}/file", content);
    }

    private static async Task<string> UploadAndCreateRevisionAsync(HttpClient client, byte[] bytes)
    {
        using var upload = await UploadAsync(client, "PRT-100", bytes);
        var hash = (await HttpAssert.JsonAsync(upload, HttpStatusCode.Created)).GetProperty("sha256").GetString()!;
        using var revision = await client.PostJsonAsync("/api/items/PRT-100/revisions", new { file_hash = hash, @base = await client.HeadBaseAsync("PRT-100") });
        Assert.Equal(HttpStatusCode.Created, revision.StatusCode);
        return hash;
    }

    [Fact]
    public async Task Upload_Bytes_ReturnsTheirSha256AndSizeAndStoresTheBlob()
    {
        using var admin = _server.AdminClient();
        var bytes = Bytes(300_000);

        using var response = await UploadAsync(admin, "PRT-100", bytes);

        var body = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        var sha = Sha256(bytes);
        Assert.Equal(sha, body.GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, body.GetProperty("size").GetInt64());
        var path = BlobDir.PathOf(_server.DataDir, sha);
        Assert.True(File.Exists(path), $"no blob at {path}");
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Empty(BlobDir.TempFiles(_server.DataDir));
        Assert.Equal(bytes.Length, await TestDatabase.ScalarAsync<long>(_server.DataDir, "SELECT size FROM blobs WHERE sha256 = $h", ("$h", sha)));
    }

    [Fact]
    public async Task Upload_EmptyBody_StoresTheEmptyBlob()
    {
        using var admin = _server.AdminClient();

        using var response = await UploadAsync(admin, "PRT-100", []);

        var body = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", body.GetProperty("sha256").GetString());
        Assert.Equal(0, body.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Upload_SameBytesTwice_SucceedsBothTimesWithOneBlob()
    {
        using var admin = _server.AdminClient();
        var bytes = Bytes(5000);

        using var first = await UploadAsync(admin, "PRT-100", bytes);
        using var second = await UploadAsync(admin, "PRT-100", bytes);

        var a = await HttpAssert.JsonAsync(first, HttpStatusCode.Created);
        var b = await HttpAssert.JsonAsync(second, HttpStatusCode.Created);
        Assert.Equal(a.GetProperty("sha256").GetString(), b.GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, b.GetProperty("size").GetInt64());
        Assert.Equal([BlobDir.PathOf(_server.DataDir, Sha256(bytes))], BlobDir.StoredFiles(_server.DataDir));
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "blobs"));
        Assert.Empty(BlobDir.TempFiles(_server.DataDir));
    }

    [Fact]
    public async Task Upload_Chunked_ReturnsSha256OfEverythingSent()
    {
        using var admin = _server.AdminClient();
        var bytes = Bytes(200_000);
        using var content = new StreamingContent(bytes, chunkSize: 7000);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await admin.PostAsync("/api/items/PRT-100/file", content);

        var body = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal(Sha256(bytes), body.GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, body.GetProperty("size").GetInt64());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Upload_WrongContentType_Returns415AndStoresNothing(string contentType)
    {
        using var admin = _server.AdminClient();

        using var response = await UploadAsync(admin, "PRT-100", Bytes(100), contentType);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/octet-stream", problem.GetProperty("detail").GetString());
        Assert.Empty(BlobDir.StoredFiles(_server.DataDir));
    }

    [Fact]
    public async Task Upload_NoContentType_Returns415()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.PostAsync("/api/items/PRT-100/file", new ByteArrayContent(Bytes(100)));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Upload_UnknownItem_Returns404AndStoresNothing()
    {
        using var admin = _server.AdminClient();

        using var response = await UploadAsync(admin, "NOPE-1", Bytes(100));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Empty(BlobDir.StoredFiles(_server.DataDir));
    }

    [Fact]
    public async Task Upload_AsViewer_Returns403AndStoresNothing()
    {
        using var viewer = _server.Client(await _server.CreateUserAsync("vera", "viewer"));

        using var response = await UploadAsync(viewer, "PRT-100", Bytes(100));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Empty(BlobDir.StoredFiles(_server.DataDir));
    }

    [Fact]
    public async Task Upload_WhileAnotherUserHoldsTheLock_Returns409AndStoresNothing()
    {
        using var alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
        using var bob = _server.Client(await _server.CreateUserAsync("bob", "editor"));
        using var locked = await alice.PostAsync("/api/items/PRT-100/lock", null);
        Assert.Equal(HttpStatusCode.Created, locked.StatusCode);

        using var response = await UploadAsync(bob, "PRT-100", Bytes(100));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Empty(BlobDir.StoredFiles(_server.DataDir));
    }

    [Fact]
    public async Task Download_Revision_ReturnsSameBytesWithShaETag()
    {
        using var admin = _server.AdminClient();
        var first = Bytes(10_000, seed: 1);
        var second = Bytes(20_000, seed: 2);
        var firstHash = await UploadAndCreateRevisionAsync(admin, first);
        await UploadAndCreateRevisionAsync(admin, second);

        using var response = await admin.GetAsync("/api/items/PRT-100/file?revision=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(first, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{firstHash}\"", response.Headers.ETag?.Tag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", response.Headers.GetValues("X-Silo-Revision").Single());
    }

    [Fact]
    public async Task Download_NoRevisionGiven_ReturnsLatest()
    {
        using var admin = _server.AdminClient();
        await UploadAndCreateRevisionAsync(admin, Bytes(1000, seed: 1));
        var latest = Bytes(2000, seed: 2);
        var latestHash = await UploadAndCreateRevisionAsync(admin, latest);

        using var response = await admin.GetAsync("/api/items/PRT-100/file");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(latest, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal($"\"{latestHash}\"", response.Headers.ETag?.Tag);
        Assert.Equal("2", response.Headers.GetValues("X-Silo-Revision").Single());
    }

    [Fact]
    public async Task Download_IfNoneMatchCurrentETag_Returns304WithoutBody()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAndCreateRevisionAsync(admin, Bytes(10_000));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/items/PRT-100/file?revision=1");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{hash}\""));

        using var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Download_IfNoneMatchOtherETag_Returns200WithBody()
    {
        using var admin = _server.AdminClient();
        var bytes = Bytes(10_000);
        await UploadAndCreateRevisionAsync(admin, bytes);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/items/PRT-100/file?revision=1");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{new string('0', 64)}\""));

        using var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Download_UnknownRevision_Returns404()
    {
        using var admin = _server.AdminClient();
        await UploadAndCreateRevisionAsync(admin, Bytes(100));

        using var response = await admin.GetAsync("/api/items/PRT-100/file?revision=2");

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("revision 2", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Download_ItemWithoutRevisions_Returns404()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.GetAsync("/api/items/PRT-100/file");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Download_UnknownItem_Returns404()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.GetAsync("/api/items/NOPE-1/file?revision=1");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Download_NonNumericRevision_Returns400()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.GetAsync("/api/items/PRT-100/file?revision=latest");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Download_AsViewer_IsAllowed()
    {
        using var admin = _server.AdminClient();
        var bytes = Bytes(1234);
        await UploadAndCreateRevisionAsync(admin, bytes);
        using var viewer = _server.Client(await _server.CreateUserAsync("vera", "viewer"));

        using var response = await viewer.GetAsync("/api/items/PRT-100/file?revision=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Upload_ClientAbortsMidway_LeavesNoTempFileAndNoBlob()
    {
        using var admin = _server.AdminClient();
        var bytes = Bytes(64 * 1024);
        using var content = new StreamingContent(bytes, chunkSize: 1024, stallAfter: 4096);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/items/PRT-100/file") { Content = content };
        using var cts = new CancellationTokenSource();

        var sending = admin.SendAsync(request, cts.Token);
        await content.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
        // The server is streaming into blobs/tmp: the first 4 KiB have reached its temp file.
        Assert.True(await BlobDir.EventuallyAsync(() => BlobDir.TempFiles(_server.DataDir) is [var part] && new FileInfo(part).Length >= 4096),
            "the upload never reached a temp file");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        Assert.True(await BlobDir.EventuallyAsync(() => BlobDir.TempFiles(_server.DataDir).Length == 0),
            $"temp files left behind: {string.Join(", ", BlobDir.TempFiles(_server.DataDir))}");
        Assert.Empty(BlobDir.StoredFiles(_server.DataDir));
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "blobs"));
        // And the server is fine for the next upload.
        using var next = await UploadAsync(admin, "PRT-100", Bytes(100));
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }
}
