using System.Net;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Server.Tests.Problems;

/// <summary>
/// A refusal a handler returns (<c>Problem&lt;TStatus&gt;</c>) reads exactly like one thrown from a store,
/// and its status reaches the OpenAPI document from the handler's return type.
/// </summary>
public sealed class ProblemTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync() => _server = await SiloTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Returned_NotFound_HasTheShapeOfAThrownOne()
    {
        using var admin = _server.AdminClient();

        // GET …/{partNumber} returns its 404; GET …/{partNumber}/lock gets it thrown by ItemStore.RequireAsync.
        var returned = await HttpAssert.ProblemAsync(await admin.GetAsync("/api/items/PRT-404"), HttpStatusCode.NotFound);
        var thrown = await HttpAssert.ProblemAsync(await admin.GetAsync("/api/items/PRT-404/lock"), HttpStatusCode.NotFound);

        Assert.Equal(Names(thrown), Names(returned));
        Assert.Equal(thrown.GetProperty("title").GetString(), returned.GetProperty("title").GetString());
        Assert.Equal("No item with part number 'PRT-404'.", returned.GetProperty("detail").GetString());
        Assert.Equal("GET /api/items/PRT-404", returned.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Returned_ProblemWithExtensions_KeepsThem()
    {
        await _server.CreateItemAsync("PRT-100");
        using var admin = _server.AdminClient();
        var path = $"/api/workstations/{await TestWorkstations.RegisterAsync(admin, "bench")}/subscriptions";
        var first = await HttpAssert.JsonAsync(await admin.PostJsonAsync(path, new { type = "item", target = "PRT-100" }), HttpStatusCode.Created);

        var problem = await HttpAssert.ProblemAsync(await admin.PostJsonAsync(path, new { type = "item", target = "PRT-100" }), HttpStatusCode.Conflict);

        Assert.Equal(first.GetProperty("id").GetString(), problem.GetProperty("subscription_id").GetString());
    }

    [Fact]
    public async Task Document_ReturnedStatus_IsListedAsProblemJson()
    {
        using var anonymous = _server.Client();
        var document = await HttpAssert.JsonAsync(await anonymous.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);

        // GET /api/items/{partNumber} declares no ProducesProblem: its 404 comes from Results<Ok<Item>, Problem<NotFound>>.
        var notFound = document.GetProperty("paths").GetProperty("/api/items/{partNumber}").GetProperty("get").GetProperty("responses").GetProperty("404");
        Assert.Equal("#/components/schemas/ProblemDetails",
            notFound.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    private static List<string> Names(JsonElement problem) => problem.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
}
