using System.Net;
using System.Text;
using Silo.Testing;

namespace Silo.Server.Tests.Problems;

/// <summary>
/// Client mistakes in the request itself: each gets a 4xx problem+json saying what was wrong,
/// never a 500, and changes nothing.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync("--max-json-bytes", "4096");
        await _server.CreateItemAsync("PRT-100", description: "Original");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string body, string contentType)
    {
        using var admin = _server.AdminClient();
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return await admin.SendAsync(request);
    }

    private async Task AssertNoNewItemAsync() =>
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "items"));

    [Theory]
    // Truncated JSON: the parser's message says where it stopped.
    [InlineData("{\"part_number\":", 400, "JSON")]
    [InlineData("{\"part_number\":\"PRT-1\",", 400, "JSON")]
    [InlineData("not json at all", 400, "JSON")]
    // A number where a string belongs: the message names the property.
    [InlineData("{\"part_number\":5}", 400, "part_number")]
    [InlineData("{\"part_number\":\"PRT-1\",\"category\":[\"a\"]}", 400, "category")]
    [InlineData("{\"part_number\":true}", 400, "part_number")]
    // A misspelt or extra field is refused, and named.
    [InlineData("{\"part_number\":\"PRT-1\",\"categroy\":\"Brackets\"}", 400, "categroy")]
    // JSON null, an empty body, an array: there is no object to create an item from.
    [InlineData("null", 400, "JSON object")]
    [InlineData("", 400, "JSON object")]
    [InlineData("[]", 400, "JSON object")]
    [InlineData("\"PRT-1\"", 400, "JSON object")]
    public async Task CreateItem_MalformedBody_Returns400SayingWhatWasWrong(string body, int status, string mentioned)
    {
        using var response = await SendRawAsync(HttpMethod.Post, "/api/items", body, "application/json");

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)status);
        var detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.Contains(mentioned, detail, StringComparison.Ordinal);
        // Clients get JSON paths, not the server's .NET type names or hints meant for its developers.
        Assert.DoesNotContain("Silo.Server", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Service", detail, StringComparison.Ordinal);
        await AssertNoNewItemAsync();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task CreateItem_NotJsonContentType_Returns415(string contentType)
    {
        const string body = "{\"part_number\":\"PRT-1\",\"category\":\"Brackets\",\"project\":\"Rover\",\"description\":\"x\"}";

        using var response = await SendRawAsync(HttpMethod.Post, "/api/items", body, contentType);

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains(contentType, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoNewItemAsync();
    }

    [Fact]
    public async Task CreateItem_NoContentTypeAtAll_Returns415()
    {
        using var admin = _server.AdminClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"part_number\":\"PRT-1\"}"));

        using var response = await admin.PostAsync("/api/items", content);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        await AssertNoNewItemAsync();
    }

    [Fact]
    public async Task CreateItem_JsonWithCharsetParameter_IsAccepted()
    {
        const string body = "{\"part_number\":\"PRT-1\",\"category\":\"Brackets\",\"project\":\"Rover\",\"description\":\"x\"}";

        using var response = await SendRawAsync(HttpMethod.Post, "/api/items", body, "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task CreateItem_BodyOverJsonLimit_Returns413()
    {
        var body = "{\"part_number\":\"PRT-1\",\"category\":\"Brackets\",\"project\":\"Rover\",\"description\":\"" + new string('d', 5000) + "\"}";

        using var response = await SendRawAsync(HttpMethod.Post, "/api/items", body, "application/json");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNoNewItemAsync();
    }

    [Theory]
    [InlineData("{\"description\":", 400)]
    [InlineData("{\"description\":7}", 400)]
    [InlineData("null", 400)]
    [InlineData("{\"colour\":\"red\"}", 400)]
    public async Task UpdateItem_MalformedBody_Returns400AndChangesNothing(string body, int status)
    {
        using var response = await SendRawAsync(HttpMethod.Put, "/api/items/PRT-100", body, "application/json");

        await HttpAssert.ProblemAsync(response, (HttpStatusCode)status);
        Assert.Equal("Original", await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT description FROM items"));
    }

    [Fact]
    public async Task UpdateItem_TextPlain_Returns415()
    {
        using var response = await SendRawAsync(HttpMethod.Put, "/api/items/PRT-100", "{\"description\":\"x\"}", "text/plain");

        await HttpAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Original", await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT description FROM items"));
    }

    [Theory]
    [InlineData("{\"file_hash\":", 400)]
    [InlineData("{\"file_hash\":42}", 400)]
    [InlineData("{\"file_hash\":\"ab\",\"extra\":1}", 400)]
    [InlineData("null", 400)]
    public async Task CreateRevision_MalformedBody_Returns400AndCreatesNothing(string body, int status)
    {
        using var response = await SendRawAsync(HttpMethod.Post, "/api/items/PRT-100/revisions", body, "application/json");

        await HttpAssert.ProblemAsync(response, (HttpStatusCode)status);
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "revisions"));
    }

    [Theory]
    [InlineData("{\"username\":", 400)]
    [InlineData("{\"username\":\"bob\",\"role\":3}", 400)]
    [InlineData("{\"username\":\"bob\",\"role\":\"editor\",\"token\":\"mine\"}", 400)]
    public async Task CreateUser_MalformedBody_Returns400AndCreatesNothing(string body, int status)
    {
        using var response = await SendRawAsync(HttpMethod.Post, "/api/users", body, "application/json");

        await HttpAssert.ProblemAsync(response, (HttpStatusCode)status);
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "users"));
    }

    [Fact]
    public async Task Problem_AlwaysNamesTheRequestAsInstance()
    {
        using var response = await SendRawAsync(HttpMethod.Post, "/api/items", "{", "application/json");

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("POST /api/items", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task UnknownApiPath_Returns404ProblemJson()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.GetAsync("/api/nothing-here");

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("/api/nothing-here", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongMethod_Returns405ProblemJson()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.DeleteAsync("/api/items/PRT-100");

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("DELETE", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoNewItemAsync();
    }
}
