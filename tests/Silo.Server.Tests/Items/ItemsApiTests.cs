using System.Net;
using System.Text.Json;
using Silo.Testing;

namespace Silo.Server.Tests.Items;

public sealed class ItemsApiTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync() => _server = await SiloTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static object NewItem(string partNumber, string category = "Brackets", string project = "Rover", string description = "A part") =>
        new { part_number = partNumber, category, project, description };

    private static async Task<JsonElement> ListAsync(HttpClient client, string query = "")
    {
        using var response = await client.GetAsync("/api/items" + query);
        return await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    private static string[] PartNumbers(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("part_number").GetString()!).ToArray();

    [Fact]
    public async Task Create_ValidItem_Returns201WithLocationAndBody()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.PostJsonAsync("/api/items", NewItem("PRT-001", description: "Main bracket"));

        var item = await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("/api/items/PRT-001", response.Headers.Location?.OriginalString);
        Assert.Equal("PRT-001", item.GetProperty("part_number").GetString());
        Assert.Equal("Brackets", item.GetProperty("category").GetString());
        Assert.Equal("Rover", item.GetProperty("project").GetString());
        Assert.Equal("Main bracket", item.GetProperty("description").GetString());
        Assert.Equal("admin", item.GetProperty("created_by").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("latest_revision").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("lock").ValueKind);
        Assert.Equal(_server.Clock.GetUtcNow(), item.GetProperty("created_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Create_ValidItem_AppendsItemCreatedEvent()
    {
        using var admin = _server.AdminClient();
        using var created = await admin.PostJsonAsync("/api/items", NewItem("PRT-001"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var history = await admin.GetAsync("/api/events/history?after=0");

        var events = (await HttpAssert.JsonAsync(history, HttpStatusCode.OK)).GetProperty("events").EnumerateArray().ToList();
        var e = Assert.Single(events, e => e.GetProperty("type").GetString() == "item.created");
        Assert.Equal("PRT-001", e.GetProperty("part_number").GetString());
        Assert.Equal("PRT-001", e.GetProperty("data").GetProperty("part_number").GetString());
    }

    [Fact]
    public async Task Create_ValidItem_IsSeenLiveOnEventStream()
    {
        using var admin = _server.AdminClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var listener = _server.AdminClient();
        await using var sse = await SseClient.ConnectAsync(listener, ct: cts.Token);

        using var created = await admin.PostJsonAsync("/api/items", NewItem("PRT-001"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var e = await sse.ReadEventAsync(cts.Token);
        Assert.Equal("item.created", e?.Type);
        Assert.Equal("PRT-001", e!.Json.GetProperty("part_number").GetString());
    }

    [Theory]
    [InlineData("PRT-001")]
    [InlineData("prt-001")]
    [InlineData("Prt-001")]
    public async Task Create_DuplicatePartNumber_Returns409AndKeepsOneRow(string duplicate)
    {
        using var admin = _server.AdminClient();
        using var first = await admin.PostJsonAsync("/api/items", NewItem("PRT-001"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await admin.PostJsonAsync("/api/items", NewItem(duplicate, description: "Other"));

        var problem = await HttpAssert.ProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Contains("PRT-001", problem.GetProperty("detail").GetString());
        Assert.Equal(1, (await ListAsync(admin)).GetProperty("total").GetInt32());
        Assert.Equal(1, await TestDatabase.CountAsync(_server.DataDir, "events"));
    }

    [Fact]
    public async Task Create_WithoutToken_Returns401()
    {
        using var anonymous = _server.Client();

        using var response = await anonymous.PostJsonAsync("/api/items", NewItem("PRT-001"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "items"));
    }

    [Fact]
    public async Task Create_WithUnknownToken_Returns401()
    {
        using var stranger = _server.Client("silo_not-a-real-token");

        using var response = await stranger.PostJsonAsync("/api/items", NewItem("PRT-001"));

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("not valid", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Create_AsViewer_Returns403()
    {
        using var viewer = _server.Client(await _server.CreateUserAsync("vera", "viewer"));

        using var response = await viewer.PostJsonAsync("/api/items", NewItem("PRT-001"));

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "items"));
    }

    [Fact]
    public async Task Create_AsEditor_RecordsEditorAsCreator()
    {
        using var editor = _server.Client(await _server.CreateUserAsync("erin", "editor"));

        using var response = await editor.PostJsonAsync("/api/items", NewItem("PRT-001"));

        Assert.Equal("erin", (await HttpAssert.JsonAsync(response, HttpStatusCode.Created)).GetProperty("created_by").GetString());
    }

    [Fact]
    public async Task Create_MissingFields_Returns422NamingEachField()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.PostJsonAsync("/api/items", new { part_number = "PRT-001" });

        var errors = (await HttpAssert.ProblemAsync(response, (HttpStatusCode)422)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("category", out _));
        Assert.True(errors.TryGetProperty("project", out _));
        Assert.True(errors.TryGetProperty("description", out _));
        Assert.False(errors.TryGetProperty("part_number", out _));
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "items"));
    }

    [Fact]
    public async Task List_NoFilter_ReturnsAllSortedByPartNumberWithTotal()
    {
        await _server.CreateItemAsync("PRT-003");
        await _server.CreateItemAsync("PRT-001");
        await _server.CreateItemAsync("PRT-002");
        using var viewer = _server.Client(await _server.CreateUserAsync("vera", "viewer"));

        var page = await ListAsync(viewer);

        Assert.Equal(["PRT-001", "PRT-002", "PRT-003"], PartNumbers(page));
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(50, page.GetProperty("limit").GetInt32());
        Assert.Equal(0, page.GetProperty("offset").GetInt32());
    }

    [Fact]
    public async Task List_Search_MatchesPartNumberOrDescription()
    {
        await _server.CreateItemAsync("PRT-001", description: "Motor bracket");
        await _server.CreateItemAsync("PRT-002", description: "Wheel hub");
        await _server.CreateItemAsync("HUB-010", description: "Cover");
        using var admin = _server.AdminClient();

        var page = await ListAsync(admin, "?search=hub");

        Assert.Equal(["HUB-010", "PRT-002"], PartNumbers(page));
        Assert.Equal(2, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task List_SearchWithLikeWildcards_MatchesThemLiterally()
    {
        await _server.CreateItemAsync("PRT-001", description: "100% steel");
        await _server.CreateItemAsync("PRT-002", description: "1000 steel");
        await _server.CreateItemAsync("PRT_003", description: "Plastic");
        using var admin = _server.AdminClient();

        Assert.Equal(["PRT-001"], PartNumbers(await ListAsync(admin, "?search=" + Uri.EscapeDataString("100%"))));
        Assert.Equal(["PRT_003"], PartNumbers(await ListAsync(admin, "?search=T_")));
    }

    [Fact]
    public async Task List_CategoryAndProjectFilters_Combine()
    {
        await _server.CreateItemAsync("PRT-001", category: "Brackets", project: "Rover");
        await _server.CreateItemAsync("PRT-002", category: "Brackets", project: "Lander");
        await _server.CreateItemAsync("PRT-003", category: "Wheels", project: "Rover");
        using var admin = _server.AdminClient();

        Assert.Equal(["PRT-001", "PRT-002"], PartNumbers(await ListAsync(admin, "?category=Brackets")));
        Assert.Equal(["PRT-001", "PRT-003"], PartNumbers(await ListAsync(admin, "?project=Rover")));
        var both = await ListAsync(admin, "?category=Brackets&project=Rover");
        Assert.Equal(["PRT-001"], PartNumbers(both));
        Assert.Equal(1, both.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task List_LockedFilter_SplitsLockedAndFree()
    {
        await _server.CreateItemAsync("PRT-001");
        await _server.CreateItemAsync("PRT-002");
        await _server.CreateItemAsync("PRT-003");
        using var admin = _server.AdminClient();
        using var locked = await admin.PostAsync("/api/items/PRT-002/lock", null);
        Assert.Equal(HttpStatusCode.Created, locked.StatusCode);

        var lockedPage = await ListAsync(admin, "?locked=true");
        var freePage = await ListAsync(admin, "?locked=false");

        Assert.Equal(["PRT-002"], PartNumbers(lockedPage));
        Assert.Equal("admin", lockedPage.GetProperty("items")[0].GetProperty("lock").GetProperty("locked_by").GetString());
        Assert.Equal(["PRT-001", "PRT-003"], PartNumbers(freePage));
        Assert.Equal(2, freePage.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task List_LimitAndOffset_PageThroughWithFullTotal()
    {
        for (var i = 1; i <= 5; i++) await _server.CreateItemAsync($"PRT-00{i}");
        using var admin = _server.AdminClient();

        var first = await ListAsync(admin, "?limit=2&offset=0");
        var second = await ListAsync(admin, "?limit=2&offset=2");
        var last = await ListAsync(admin, "?limit=2&offset=4");
        var beyond = await ListAsync(admin, "?limit=2&offset=10");

        Assert.Equal(["PRT-001", "PRT-002"], PartNumbers(first));
        Assert.Equal(["PRT-003", "PRT-004"], PartNumbers(second));
        Assert.Equal(["PRT-005"], PartNumbers(last));
        Assert.Empty(PartNumbers(beyond));
        Assert.All(new[] { first, second, last, beyond }, p => Assert.Equal(5, p.GetProperty("total").GetInt32()));
        Assert.Equal(2, second.GetProperty("limit").GetInt32());
        Assert.Equal(2, second.GetProperty("offset").GetInt32());
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?offset=-1", "offset")]
    public async Task List_OutOfRangePaging_Returns422(string query, string field)
    {
        using var admin = _server.AdminClient();

        using var response = await admin.GetAsync("/api/items" + query);

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)422);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("?limit=ten")]
    [InlineData("?locked=maybe")]
    public async Task List_UnparsableQueryValue_Returns400(string query)
    {
        using var admin = _server.AdminClient();

        using var response = await admin.GetAsync("/api/items" + query);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Get_Existing_ReturnsItem()
    {
        await _server.CreateItemAsync("PRT-001", description: "Main bracket");
        using var admin = _server.AdminClient();

        using var response = await admin.GetAsync("/api/items/PRT-001");

        var item = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("PRT-001", item.GetProperty("part_number").GetString());
        Assert.Equal("Main bracket", item.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Get_Unknown_Returns404()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.GetAsync("/api/items/NOPE-1");

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("NOPE-1", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Update_OneField_ChangesOnlyThatField()
    {
        await _server.CreateItemAsync("PRT-001", category: "Brackets", project: "Rover", description: "Old");
        using var admin = _server.AdminClient();
        _server.Clock.Advance(TimeSpan.FromMinutes(5));

        using var response = await admin.PutJsonAsync("/api/items/PRT-001", new { description = "New" });

        var item = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("New", item.GetProperty("description").GetString());
        Assert.Equal("Brackets", item.GetProperty("category").GetString());
        Assert.Equal("Rover", item.GetProperty("project").GetString());
        Assert.Equal(_server.Clock.GetUtcNow(), item.GetProperty("updated_at").GetDateTimeOffset());
        Assert.True(item.GetProperty("created_at").GetDateTimeOffset() < item.GetProperty("updated_at").GetDateTimeOffset());
        var stored = await HttpAssert.JsonAsync(await admin.GetAsync("/api/items/PRT-001"), HttpStatusCode.OK);
        Assert.Equal("New", stored.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Update_CategoryAndProject_AppendsItemUpdatedEvent()
    {
        await _server.CreateItemAsync("PRT-001");
        using var admin = _server.AdminClient();

        using var response = await admin.PutJsonAsync("/api/items/PRT-001", new { category = "Plates", project = "Lander" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/events/history"), HttpStatusCode.OK)).GetProperty("events");
        var updated = Assert.Single(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "item.updated");
        Assert.Equal("Plates", updated.GetProperty("data").GetProperty("category").GetString());
        Assert.Equal("Lander", updated.GetProperty("data").GetProperty("project").GetString());
    }

    [Fact]
    public async Task Update_EmptyObject_Returns422AndChangesNothing()
    {
        await _server.CreateItemAsync("PRT-001", description: "Old");
        using var admin = _server.AdminClient();

        using var response = await admin.PutJsonAsync("/api/items/PRT-001", new { });

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal("Old", await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT description FROM items"));
    }

    [Fact]
    public async Task Update_PartNumberField_Returns400BecauseItIsNotUpdatable()
    {
        await _server.CreateItemAsync("PRT-001");
        using var admin = _server.AdminClient();

        using var response = await admin.PutJsonAsync("/api/items/PRT-001", new { part_number = "PRT-999" });

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("part_number", problem.GetProperty("detail").GetString());
        Assert.Equal("PRT-001", await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT part_number FROM items"));
    }

    [Fact]
    public async Task Update_HostileCategory_Returns422AndKeepsOldValue()
    {
        await _server.CreateItemAsync("PRT-001", category: "Brackets");
        using var admin = _server.AdminClient();

        using var response = await admin.PutJsonAsync("/api/items/PRT-001", new { category = "../etc" });

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("category", out _));
        Assert.Equal("Brackets", await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT category FROM items"));
    }

    [Fact]
    public async Task Update_Unknown_Returns404()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.PutJsonAsync("/api/items/NOPE-1", new { description = "x" });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_AsViewer_Returns403()
    {
        await _server.CreateItemAsync("PRT-001", description: "Old");
        using var viewer = _server.Client(await _server.CreateUserAsync("vera", "viewer"));

        using var response = await viewer.PutJsonAsync("/api/items/PRT-001", new { description = "New" });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("Old", await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT description FROM items"));
    }
}
