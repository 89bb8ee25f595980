using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Silo.Server.Tests.Locks;
using Silo.Testing;

namespace Silo.Server.Tests.Auth;

/// <summary>One server for the whole matrix; every row works on an item of its own.</summary>
public sealed class RoleMatrixFixture : IAsyncLifetime
{
    private int _items;

    public SiloTestServer Server { get; private set; } = null!;

    public Dictionary<string, string?> Tokens { get; } = [];

    public async Task InitializeAsync()
    {
        Server = await SiloTestServer.StartAsync(LockTestKit.ManualMaintenance);
        Tokens["anonymous"] = null;
        Tokens["viewer"] = await Server.CreateUserAsync("vera", "viewer");
        Tokens["editor"] = await Server.CreateUserAsync("eddie", "editor");
        Tokens["admin"] = Server.AdminToken;
        await Server.CreateUserAsync("spare", "viewer");
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public int NextNumber() => Interlocked.Increment(ref _items);
}

/// <summary>
/// Who may call what: anonymous callers get 401 everywhere under /api, viewers read, editors also
/// check out and write, admins also manage users and read the audit log.
/// </summary>
public sealed partial class RoleMatrixTests(RoleMatrixFixture fixture) : IClassFixture<RoleMatrixFixture>
{
    private static readonly (string Method, string Path, int Anonymous, int Viewer, int Editor, int Admin)[] Table =
    [
        ("GET", "/health", 200, 200, 200, 200),
        ("GET", "/api/me", 401, 200, 200, 200),
        ("GET", "/api/items", 401, 200, 200, 200),
        ("POST", "/api/items", 401, 403, 201, 201),
        ("GET", "/api/items/{pn}", 401, 200, 200, 200),
        ("PUT", "/api/items/{pn}", 401, 403, 200, 200),
        ("GET", "/api/items/{pn}/lock", 401, 200, 200, 200),
        ("POST", "/api/items/{pn}/lock", 401, 403, 201, 201),
        ("DELETE", "/api/items/{pn}/lock", 401, 403, 204, 204),
        ("GET", "/api/locks", 401, 200, 200, 200),
        ("POST", "/api/items/{pn}/file", 401, 403, 201, 201),
        ("GET", "/api/items/{pn}/file", 401, 200, 200, 200),
        ("GET", "/api/items/{pn}/revisions", 401, 200, 200, 200),
        ("POST", "/api/items/{pn}/revisions", 401, 403, 201, 201),
        ("GET", "/api/items/{pn}/revisions/1", 401, 200, 200, 200),
        ("POST", "/api/items/{pn}/revisions/1/release", 401, 403, 200, 200),
        ("GET", "/api/events", 401, 200, 200, 200),
        ("GET", "/api/events/history", 401, 200, 200, 200),
        ("GET", "/api/users", 401, 403, 403, 200),
        ("POST", "/api/users", 401, 403, 403, 201),
        ("POST", "/api/users/spare/token", 401, 403, 403, 200),
        ("GET", "/api/audit", 401, 403, 403, 200),
    ];

    public static TheoryData<string, string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var (method, path, anonymous, viewer, editor, admin) in Table)
        {
            data.Add("anonymous", method, path, anonymous);
            data.Add("viewer", method, path, viewer);
            data.Add("editor", method, path, editor);
            data.Add("admin", method, path, admin);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_ByRole_AnswersExpectedStatus(string role, string method, string path, int expected)
    {
        var n = fixture.NextNumber();
        var part = $"RM-{n}";
        var hash = await PrepareItemAsync(part);
        using var client = fixture.Server.Client(fixture.Tokens[role]);
        if (method == "DELETE" && role is "editor" or "admin")
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(LockTestKit.LockPath(part), null)).StatusCode);

        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{pn}", part, StringComparison.Ordinal))
        {
            Content = BodyFor(method, path, n, hash),
        };
        // The event stream never ends by itself: look at its headers only.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        switch (expected)
        {
            case 401:
                await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
                Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
                break;
            case 403:
                var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
                // The role refused it, not some later rule such as lock ownership.
                Assert.Contains($"'{role}'", problem.Text("detail"), StringComparison.Ordinal);
                break;
            default:
                Assert.True((int)response.StatusCode == expected,
                    $"{role} {method} {path}: expected {expected}, got {(int)response.StatusCode}: {(path == "/api/events" ? "" : await response.Content.ReadAsStringAsync())}");
                if (path == "/api/events") Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
                break;
        }
    }

    /// <summary>
    /// Beyond the table: every route the server maps under /api, including ones added later,
    /// refuses a caller without a token before doing anything else.
    /// </summary>
    [Fact]
    public async Task Endpoint_EveryMappedApiRouteAnonymously_Returns401()
    {
        var routes = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (Method: method, Path: RouteParameter().Replace(e.RoutePattern.RawText!, "1"))))
            .ToList();
        using var anonymous = fixture.Server.Client();

        var wrong = new List<string>();
        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            using var response = await anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                wrong.Add($"{method} {path}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
        }

        Assert.True(routes.Count >= Table.Length - 1, $"only {routes.Count} /api routes found");
        Assert.True(wrong.Count == 0, "Not 401 problem+json without a token: " + string.Join("; ", wrong));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [Fact]
    public async Task Endpoint_WithUnknownToken_Returns401()
    {
        using var client = fixture.Server.Client("silo_not-a-real-token");

        var problem = await HttpAssert.ProblemAsync(await client.GetAsync("/api/items"), HttpStatusCode.Unauthorized);

        Assert.Contains("not valid", problem.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Anonymous_ReportsOk()
    {
        using var client = fixture.Server.Client();

        var health = await HttpAssert.JsonAsync(await client.GetAsync("/health"), HttpStatusCode.OK);

        Assert.Equal("ok", health.Text("status"));
    }

    /// <summary>An item with a released-able draft revision 1, made by the admin; returns that revision's file hash.</summary>
    private async Task<string> PrepareItemAsync(string part)
    {
        await fixture.Server.CreateItemAsync(part);
        using var admin = fixture.Server.AdminClient();
        var hash = await admin.UploadAsync(part, Encoding.UTF8.GetBytes($"{part} revision 1"));
        await HttpAssert.JsonAsync(await admin.PostJsonAsync($"/api/items/{part}/revisions", new { file_hash = hash }), HttpStatusCode.Created);
        return hash;
    }

    private static HttpContent? BodyFor(string method, string path, int n, string hash)
    {
        object? json = (method, path) switch
        {
            ("POST", "/api/items") => new { part_number = $"RM-NEW-{n}", category = "Brackets", project = "Rover", description = "made by the matrix" },
            ("PUT", "/api/items/{pn}") => new { description = "changed by the matrix" },
            ("POST", "/api/items/{pn}/revisions") => new { file_hash = hash, comment = "matrix" },
            ("POST", "/api/users") => new { username = $"made{n}", role = "viewer" },
            _ => null,
        };
        if (json is not null)
            return new StringContent(System.Text.Json.JsonSerializer.Serialize(json, Json.SiloJson.Options), Encoding.UTF8, "application/json");
        if ((method, path) == ("POST", "/api/items/{pn}/file"))
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"matrix upload {n}"));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return content;
        }
        return null;
    }
}
