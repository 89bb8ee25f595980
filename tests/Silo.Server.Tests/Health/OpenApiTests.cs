using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Silo.Testing;

namespace Silo.Server.Tests.Health;

public sealed partial class OpenApiTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync() => _server = await SiloTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Every operation clients rely on. A new endpoint belongs here too (and the second test makes sure it is documented).</summary>
    private static readonly string[] ExpectedOperations =
    [
        "GET /health",
        "GET /api/me",
        "GET /api/users",
        "POST /api/users",
        "POST /api/users/{username}/token",
        "GET /api/items",
        "POST /api/items",
        "GET /api/items/{partNumber}",
        "PUT /api/items/{partNumber}",
        "GET /api/items/{partNumber}/file",
        "POST /api/items/{partNumber}/file",
        "GET /api/items/{partNumber}/revisions",
        "POST /api/items/{partNumber}/revisions",
        "GET /api/items/{partNumber}/revisions/{revision}",
        "POST /api/items/{partNumber}/revisions/{revision}/release",
        "GET /api/items/{partNumber}/versions",
        "GET /api/items/{partNumber}/lock",
        "POST /api/items/{partNumber}/lock",
        "DELETE /api/items/{partNumber}/lock",
        "GET /api/locks",
        "GET /api/events",
        "GET /api/events/history",
        "GET /api/audit",
        "GET /api/workstations",
        "POST /api/workstations",
        "DELETE /api/workstations/{workstationId}",
        "POST /api/workstations/{workstationId}/heartbeat",
        "GET /api/workstations/{workstationId}/presence",
        "PUT /api/workstations/{workstationId}/watched-items",
        "POST /api/items/{partNumber}/edit-session",
        "DELETE /api/items/{partNumber}/edit-session/{sessionId}",
        "GET /api/items/{partNumber}/edit-sessions",
        "GET /api/edit-sessions",
        "POST /api/items/{partNumber}/checkpoint/upload-url",
        "POST /api/items/{partNumber}/checkpoint",
        "GET /api/items/{partNumber}/checkpoints",
        "GET /api/items/{partNumber}/checkpoints/latest",
        "GET /api/items/{partNumber}/checkpoints/{checkpointId}",
        "DELETE /api/items/{partNumber}/checkpoints/{checkpointId}",
        "GET /api/items/{partNumber}/dag",
        "PUT /api/blobs/{sha256}",
        "GET /api/blobs/{sha256}",
        "POST /api/items/{partNumber}/edit-session/{sessionId}/request-handoff",
        "GET /api/workstations/{workstationId}/subscriptions",
        "POST /api/workstations/{workstationId}/subscriptions",
        "GET /api/workstations/{workstationId}/subscriptions/resolve",
        "GET /api/workstations/{workstationId}/subscriptions/summary",
        "PATCH /api/subscriptions/{subscriptionId}",
        "DELETE /api/subscriptions/{subscriptionId}",
        "GET /api/subscriptions/{subscriptionId}/resolve",
        "POST /api/workstations/{workstationId}/sync-state",
        "GET /api/workstations/{workstationId}/sync-diff",
        "POST /api/workstations/{workstationId}/sync-ack",
    ];

    // "/api/items/" and "/api/items" are the same route; "{revision:int}" documents as "{revision}".
    private static string Normalize(string path)
    {
        var p = RouteConstraint().Replace(path, "}");
        return p.Length > 1 ? p.TrimEnd('/') : p;
    }

    [GeneratedRegex(@":[^}]+\}")]
    private static partial Regex RouteConstraint();

    private async Task<JsonElement> DocumentAsync()
    {
        using var anonymous = _server.Client();
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        return await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    private static HashSet<string> DocumentedOperations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(op => op.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(op => $"{op.Name.ToUpperInvariant()} {Normalize(path.Name)}"))
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public async Task Document_WithoutToken_IsOpenApi3()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.False(string.IsNullOrEmpty(document.GetProperty("info").GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Document_ListsEveryExpectedOperation()
    {
        var documented = DocumentedOperations(await DocumentAsync());

        var missing = ExpectedOperations.Where(op => !documented.Contains(op)).ToList();
        Assert.True(missing.Count == 0, "Not in /openapi/v1.json: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Document_ListsEveryApiRouteTheServerMaps()
    {
        var mapped = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw == "/health"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToHashSet(StringComparer.Ordinal);

        var documented = DocumentedOperations(await DocumentAsync());

        Assert.NotEmpty(mapped);
        var undocumented = mapped.Where(op => !documented.Contains(op)).Order().ToList();
        Assert.True(undocumented.Count == 0, "Mapped but not documented: " + string.Join(", ", undocumented));
        var unexpected = mapped.Where(op => !ExpectedOperations.Contains(op)).Order().ToList();
        Assert.True(unexpected.Count == 0, "Mapped but missing from this test's list: " + string.Join(", ", unexpected));
    }

    [Fact]
    public async Task Document_DescribesProblemResponsesOfItemCreation()
    {
        var post = (await DocumentAsync()).GetProperty("paths").EnumerateObject()
            .Single(p => Normalize(p.Name) == "/api/items").Value.GetProperty("post");

        var responses = post.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "201", "409", "422" }, responses);
    }
}
