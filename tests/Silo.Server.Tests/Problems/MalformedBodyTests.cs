using System.Net;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Server.Tests.Problems;

/// <summary>
/// A chunked body whose chunk size overflows Kestrel's counter is the client's mistake: a 400
/// problem, nothing stored, on every route that reads a body.
/// </summary>
public sealed class MalformedBodyTests : IAsyncLifetime
{
    private const string Part = "PRT-1";
    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync(Part);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/api/items/PRT-1/file", "application/octet-stream")]
    [InlineData("/api/items/PRT-1/lock", "application/json")]
    [InlineData("/login", "application/x-www-form-urlencoded")]
    public async Task Post_ChunkSizeOverflow_Returns400Problem(string path, string contentType)
    {
        var request = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {_server.AdminToken}\r\n"
            + $"Content-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\nabc\r\n";

        var answer = await RawHttp.SendAsync(_server.BaseAddress, request);

        Assert.True(answer.Status == 400, $"Expected 400, got {answer.Status}: {answer.Body}");
        Assert.StartsWith("application/problem+json", answer.Headers["Content-Type"], StringComparison.Ordinal);
        var problem = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains("chunk", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        using var admin = _server.AdminClient();
        var lockState = await HttpAssert.JsonAsync(await admin.GetAsync($"/api/items/{Part}/lock"), HttpStatusCode.OK);
        Assert.False(lockState.GetProperty("locked").GetBoolean());
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "blobs"));
    }
}
