using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Hosting;
using Silo.Server.Storage;
using Silo.Testing;
using static Silo.Server.Tests.Checkpoints.CheckpointKit;

namespace Silo.Server.Tests.Files;

public sealed class PresignedBlobTests : IAsyncLifetime
{
    private readonly ObservedBlobStore.Handle _observed = new();
    private SiloTestServer _server = null!;
    private HttpClient _alice = null!;
    private HttpClient _anonymous = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync(services =>
            services.AddSingleton<IBlobStore>(sp => new ObservedBlobStore(new FileBlobStore(sp.GetRequiredService<SiloServerOptions>().BlobDir), _observed)));
        await _server.CreateItemAsync("PRT-100");
        _alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
        _anonymous = _server.Client();
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _anonymous.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<string> UploadUrlAsync(byte[] bytes) =>
        (await HttpAssert.JsonAsync(await RequestUploadUrlAsync(_alice, "PRT-100", Sha256(bytes), bytes.Length), HttpStatusCode.OK))
        .GetProperty("upload_url").GetString()!;

    private async Task AssertNothingStoredAsync(params byte[][] files)
    {
        foreach (var file in files) Assert.False(File.Exists(_server.BlobPath(Sha256(file))), "a blob file was kept");
        Assert.Empty(_server.TempFiles());
        Assert.Equal(0, await _server.ScalarAsync<long>("SELECT COUNT(*) FROM blobs"));
    }

    private static string Replace(string url, string name, string value)
    {
        var query = url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&')
            .Select(p => p.StartsWith(name + "=", StringComparison.Ordinal) ? $"{name}={value}" : p);
        return url[..url.IndexOf('?', StringComparison.Ordinal)] + "?" + string.Join('&', query);
    }

    private static string Param(string url, string name) =>
        url.Split('?', '&').Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];

    [Fact]
    public async Task Put_ValidUrl_StoresBlobAndGetStreamsItBack()
    {
        var bytes = RandomBytes(1_000_000);
        var stored = await HttpAssert.JsonAsync(await PutBlobAsync(_anonymous, await UploadUrlAsync(bytes), bytes), HttpStatusCode.Created);
        Assert.Equal(Sha256(bytes), stored.GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, stored.GetProperty("size").GetInt64());
        Assert.Equal(bytes.Length, await _server.ScalarAsync<long>("SELECT size FROM blobs WHERE sha256 = @sha", new { sha = Sha256(bytes) }));
        Assert.Empty(_server.TempFiles());

        var id = (await HttpAssert.JsonAsync(await PostCheckpointAsync(_alice, "PRT-100", Body(Sha256(bytes), bytes.Length, "manual")), HttpStatusCode.Created))
            .GetProperty("checkpoint_id").GetString();
        var view = await HttpAssert.JsonAsync(await _alice.GetAsync($"/api/items/PRT-100/checkpoints/{id}"), HttpStatusCode.OK);
        var downloadUrl = view.GetProperty("download_url").GetString()!;

        using var download = await _anonymous.GetAsync(downloadUrl);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{Sha256(bytes)}\"", download.Headers.ETag?.Tag);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());

        var conditional = new HttpRequestMessage(HttpMethod.Get, downloadUrl);
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{Sha256(bytes)}\""));
        Assert.Equal(HttpStatusCode.NotModified, (await _anonymous.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task Put_LargerThanJsonBodyLimit_IsAcceptedUpToTheSignedSize()
    {
        // The server-wide body limit is sized for JSON (32 MB); a presigned PUT may carry its signed size.
        var bytes = RandomBytes(40 * 1024 * 1024);
        var stored = await HttpAssert.JsonAsync(await PutBlobAsync(_anonymous, await UploadUrlAsync(bytes), bytes), HttpStatusCode.Created);
        Assert.Equal(bytes.Length, stored.GetProperty("size").GetInt64());
        Assert.Equal(bytes.Length, new FileInfo(_server.BlobPath(Sha256(bytes))).Length);
    }

    [Fact]
    public async Task Put_WithoutContentType_IsAccepted()
    {
        var bytes = RandomBytes(100);
        await HttpAssert.JsonAsync(await _anonymous.PutAsync(await UploadUrlAsync(bytes), new ByteArrayContent(bytes)), HttpStatusCode.Created);
        Assert.True(File.Exists(_server.BlobPath(Sha256(bytes))));
    }

    [Fact]
    public async Task Put_HashMismatch_Returns422AndKeepsNothing()
    {
        var announced = RandomBytes(5000);
        var sent = RandomBytes(5000);
        var problem = await HttpAssert.ProblemAsync(await PutBlobAsync(_anonymous, await UploadUrlAsync(announced), sent), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(Sha256(sent), problem.GetProperty("actual").GetString());
        await AssertNothingStoredAsync(announced, sent);
    }

    [Theory]
    [InlineData("sig")]
    [InlineData("size")]
    [InlineData("user")]
    [InlineData("expires")]
    public async Task Put_TamperedUrl_Returns403AndKeepsNothing(string parameter)
    {
        var bytes = RandomBytes(4096);
        var url = await UploadUrlAsync(bytes);
        var original = Param(url, parameter);
        var tampered = parameter switch
        {
            "sig" => (original[0] == '0' ? "1" : "0") + original[1..],
            "size" => (bytes.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "expires" => (long.Parse(original, System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "someone-else",
        };
        var body = parameter == "size" ? [.. bytes, 0] : bytes;
        await HttpAssert.ProblemAsync(await PutBlobAsync(_anonymous, Replace(url, parameter, tampered), body), HttpStatusCode.Forbidden);
        await AssertNothingStoredAsync(bytes);
    }

    [Fact]
    public async Task Put_UrlForOtherHash_Returns403()
    {
        var bytes = RandomBytes(100);
        var url = await UploadUrlAsync(bytes);
        var other = Sha256(RandomBytes(100));
        await HttpAssert.ProblemAsync(await PutBlobAsync(_anonymous, url.Replace(Sha256(bytes), other, StringComparison.Ordinal), bytes), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await PutBlobAsync(_anonymous, $"/api/blobs/{Sha256(bytes)}", bytes), HttpStatusCode.Forbidden);
        await AssertNothingStoredAsync(bytes);
    }

    [Fact]
    public async Task Put_ExpiredUrl_Returns403AndKeepsNothing()
    {
        var bytes = RandomBytes(100);
        var url = await UploadUrlAsync(bytes);
        _server.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var problem = await HttpAssert.ProblemAsync(await PutBlobAsync(_anonymous, url, bytes), HttpStatusCode.Forbidden);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(bytes);
    }

    [Fact]
    public async Task Put_FewerBytesThanSigned_Returns422AndKeepsNothing()
    {
        var bytes = RandomBytes(1000);
        var url = await UploadUrlAsync(bytes);
        var half = bytes[..500];
        // Content-Length announces the short body: refused before reading.
        await HttpAssert.ProblemAsync(await PutBlobAsync(_anonymous, url, half), HttpStatusCode.UnprocessableEntity);
        // Chunked, the shortfall shows only at the end of the stream.
        var chunked = new StreamContent(new MemoryStream(half));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var problem = await HttpAssert.ProblemAsync(await _anonymous.SendAsync(request), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(500, problem.GetProperty("actual_size").GetInt64());
        await AssertNothingStoredAsync(bytes, half);
    }

    [Fact]
    public async Task Put_MoreBytesThanSigned_Returns413AndKeepsNothing()
    {
        var bytes = RandomBytes(1000);
        var url = await UploadUrlAsync(bytes);
        byte[] longer = [.. bytes, .. RandomBytes(10)];
        await HttpAssert.ProblemAsync(await PutBlobAsync(_anonymous, url, longer), HttpStatusCode.RequestEntityTooLarge);
        var chunked = new StreamContent(new MemoryStream(longer));
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await HttpAssert.ProblemAsync(await _anonymous.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync(bytes, longer);
    }

    [Fact]
    public async Task Put_WrongContentType_Returns415()
    {
        var bytes = RandomBytes(100);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        await HttpAssert.ProblemAsync(await _anonymous.PutAsync(await UploadUrlAsync(bytes), content), HttpStatusCode.UnsupportedMediaType);
        await AssertNothingStoredAsync(bytes);
    }

    [Fact]
    public async Task Put_AbortedMidway_LeavesNoTempFileAndNoBlob()
    {
        var bytes = RandomBytes(1_000_000);
        var url = await UploadUrlAsync(bytes);
        _observed.SignalAfterBytes = 200_000;
        using var abort = new CancellationTokenSource();
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StallingContent(bytes[..400_000], bytes.Length, abort.Token) };
        var send = _anonymous.SendAsync(request, abort.Token);

        await _observed.Received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Mid-upload the bytes sit in a temp file, never under the blob's name.
        Assert.Single(_server.TempFiles());
        Assert.False(File.Exists(_server.BlobPath(Sha256(bytes))));

        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        var failure = await _observed.Finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(failure);
        await AssertNothingStoredAsync(bytes);

        // The same URL still works for a complete upload.
        await HttpAssert.JsonAsync(await PutBlobAsync(_anonymous, url, bytes), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Restart_AfterKilledUpload_RemovesLeftoverTempFiles()
    {
        await _server.StopAsync();
        // What a process killed mid-upload leaves behind, unwritten since (a fresh one may be another instance's upload).
        var leftover = Path.Combine(_server.DataDir, "blobs", "tmp", Guid.NewGuid().ToString("N") + ".part");
        await File.WriteAllBytesAsync(leftover, RandomBytes(1000));
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow - FileBlobStore.StaleTempAge - TimeSpan.FromMinutes(1));
        await _server.RestartAsync();
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task Get_BadOrExpiredSignature_Returns403()
    {
        var bytes = RandomBytes(100);
        await PushAsync(_server, _alice, "PRT-100", bytes, "manual");
        var url = (await HttpAssert.JsonAsync(await _alice.GetAsync("/api/items/PRT-100/checkpoints/latest"), HttpStatusCode.OK)).GetProperty("download_url").GetString()!;
        var sig = Param(url, "sig");

        await HttpAssert.ProblemAsync(await _anonymous.GetAsync(Replace(url, "sig", (sig[0] == 'a' ? "b" : "a") + sig[1..])), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await _anonymous.GetAsync($"/api/blobs/{Sha256(bytes)}"), HttpStatusCode.Forbidden);
        // A PUT grant is no GET grant.
        var putUrl = (await HttpAssert.JsonAsync(await RequestUploadUrlAsync(_alice, "PRT-100", Sha256(RandomBytes(5)), 5), HttpStatusCode.OK)).GetProperty("upload_url").GetString()!;
        await HttpAssert.ProblemAsync(await _anonymous.GetAsync(putUrl), HttpStatusCode.Forbidden);

        _server.Clock.Advance(TimeSpan.FromMinutes(16));
        await HttpAssert.ProblemAsync(await _anonymous.GetAsync(url), HttpStatusCode.Forbidden);
    }

    /// <summary>Sends some bytes, announces more, then hangs until the test kills the request.</summary>
    private sealed class StallingContent(byte[] head, long announcedLength, CancellationToken killed) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(head, killed);
            await stream.FlushAsync(killed);
            await Task.Delay(Timeout.Infinite, killed);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = announcedLength;
            return true;
        }
    }
}
