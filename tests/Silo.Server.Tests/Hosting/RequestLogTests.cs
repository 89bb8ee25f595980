using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Silo.Server.Json;

namespace Silo.Server.Tests.Hosting;

/// <summary>The server's log during a walk through the API and the pages: one line per request, no signatures.</summary>
public sealed class RequestLogTests : IAsyncLifetime
{
    private const string RequestLogCategory = "Silo.Server.Hosting.RequestLog";
    private LoggedServer _server = null!;

    public async Task InitializeAsync() => _server = await LoggedServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Walk_ThroughApiBlobsAndPages_LogsOneInformationLinePerRequestWithoutSignatures()
    {
        var before = _server.Log.Lines.Count;
        var bytes = RandomNumberGenerator.GetBytes(4096);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var signatures = new List<string>();

        await SendAsync(HttpMethod.Get, "/health", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Post, "/api/items", Json(new { part_number = "PRT-1", category = "Brackets", project = "Rover", description = "Mount" }), HttpStatusCode.Created);
        var grant = await SendAsync(HttpMethod.Post, "/api/items/PRT-1/checkpoint/upload-url", Json(new { sha256 = sha, size = bytes.Length }), HttpStatusCode.OK);
        var uploadUrl = grant.GetProperty("upload_url").GetString()!;
        signatures.Add(Signature(uploadUrl));
        using (var upload = new ByteArrayContent(bytes))
        {
            upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            await SendAsync(HttpMethod.Put, uploadUrl, upload, HttpStatusCode.Created, anonymous: true);
        }
        await SendAsync(HttpMethod.Post, "/api/items/PRT-1/checkpoint", Json(new { file_hash = sha, file_size = bytes.Length, context = "manual" }), HttpStatusCode.Created);
        var list = await SendAsync(HttpMethod.Get, "/api/items/PRT-1/checkpoints", null, HttpStatusCode.OK);
        var downloadUrl = list[0].GetProperty("download_url").GetString()!;
        signatures.Add(Signature(downloadUrl));
        await SendAsync(HttpMethod.Get, downloadUrl, null, HttpStatusCode.OK, anonymous: true);
        var latest = await SendAsync(HttpMethod.Get, "/api/items/PRT-1/checkpoints/latest", null, HttpStatusCode.OK);
        signatures.Add(Signature(latest.GetProperty("download_url").GetString()!));
        await SendAsync(HttpMethod.Get, "/api/nothing-here", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, "/login", null, HttpStatusCode.OK, anonymous: true);
        await SendAsync(HttpMethod.Get, "/health", null, HttpStatusCode.OK);
        const int requests = 11;

        var lines = (await _server.Log.WaitForAsync(l => l.Skip(before).Count(IsRequestLine) >= requests, TimeSpan.FromSeconds(30))).Skip(before).ToList();

        var loud = lines.Where(l => l.Level >= LogLevel.Information).ToList();
        Assert.True(loud.Count == requests && loud.All(IsRequestLine),
            $"Expected {requests} request lines and nothing else at Information or above, got:{Environment.NewLine}{string.Join(Environment.NewLine, loud)}");
        Assert.All(loud, l => Assert.Equal(LogLevel.Information, l.Level));
        Assert.Contains(loud, l => l.Message.StartsWith("POST /api/items 201 ", StringComparison.Ordinal) && l.Message.EndsWith(" admin", StringComparison.Ordinal));
        Assert.Contains(loud, l => l.Message.StartsWith("GET /api/nothing-here 404 ", StringComparison.Ordinal));
        Assert.Contains(loud, l => l.Message.StartsWith($"PUT /api/blobs/{sha}?", StringComparison.Ordinal) && l.Message.Contains("&sig=*** 201 ", StringComparison.Ordinal));
        Assert.Equal(2, loud.Count(l => l.Message.Contains("sig=***", StringComparison.Ordinal)));
        foreach (var line in _server.Log.Lines)
            foreach (var signature in signatures)
                Assert.DoesNotContain(signature, line.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsRequestLine(LogCapture.Line line) => line.Category == RequestLogCategory;

    private static JsonContent Json(object body) => JsonContent.Create(body, options: SiloJson.Options);

    private static string Signature(string url) =>
        url.Split('?', '&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal))[4..];

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected, bool anonymous = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (!anonymous) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _server.AdminToken);
        // One client for the whole walk: one connection, so each request is logged before the next is read.
        using var response = await _server.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return response.Content.Headers.ContentType?.MediaType is "application/json" ? JsonDocument.Parse(body).RootElement : default;
    }
}
