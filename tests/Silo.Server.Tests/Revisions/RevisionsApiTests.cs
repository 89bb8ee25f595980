using System.Net;
using System.Text.Json;
using Silo.Server.Tests.Files;
using Silo.Testing;

namespace Silo.Server.Tests.Revisions;

public sealed class RevisionsApiTests : IAsyncLifetime
{
    private SiloTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await SiloTestServer.StartAsync();
        await _server.CreateItemAsync("PRT-100");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<string> UploadAsync(HttpClient client, byte[] bytes)
    {
        using var response = await FilesApiTests.UploadAsync(client, "PRT-100", bytes);
        return (await HttpAssert.JsonAsync(response, HttpStatusCode.Created)).GetProperty("sha256").GetString()!;
    }

    private static async Task<JsonElement> CreateRevisionAsync(HttpClient client, string hash, string? comment = null)
    {
        using var response = await client.PostJsonAsync("/api/items/PRT-100/revisions", new { file_hash = hash, comment, @base = await client.HeadBaseAsync("PRT-100") });
        return await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
    }

    private static async Task<List<JsonElement>> EventsAsync(HttpClient client, string type)
    {
        using var response = await client.GetAsync("/api/events/history");
        return (await HttpAssert.JsonAsync(response, HttpStatusCode.OK)).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == type).ToList();
    }

    [Fact]
    public async Task Create_ThreeTimes_NumbersThem1To3()
    {
        using var admin = _server.AdminClient();
        var a = await UploadAsync(admin, FilesApiTests.Bytes(100, seed: 1));
        var b = await UploadAsync(admin, FilesApiTests.Bytes(200, seed: 2));

        var r1 = await CreateRevisionAsync(admin, a, "first");
        var r2 = await CreateRevisionAsync(admin, b);
        var r3 = await CreateRevisionAsync(admin, a, "back to the first file");

        Assert.Equal([1, 2, 3], new[] { r1, r2, r3 }.Select(r => r.GetProperty("revision").GetInt32()));
        Assert.Equal(a, r1.GetProperty("file_hash").GetString());
        Assert.Equal(b, r2.GetProperty("file_hash").GetString());
        Assert.Equal(a, r3.GetProperty("file_hash").GetString());
        Assert.Equal(200, r2.GetProperty("file_size").GetInt64());
        Assert.Equal("first", r1.GetProperty("comment").GetString());
        Assert.Equal("", r2.GetProperty("comment").GetString());
        Assert.All(new[] { r1, r2, r3 }, r => Assert.Equal("draft", r.GetProperty("status").GetString()));
        Assert.All(new[] { r1, r2, r3 }, r => Assert.Equal("admin", r.GetProperty("created_by").GetString()));
        Assert.All(new[] { r1, r2, r3 }, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("released_at").ValueKind));
    }

    [Fact]
    public async Task Create_Revision_Returns201WithLocationAndUpdatesItemLatestRevision()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));
        await CreateRevisionAsync(admin, hash);

        using var response = await admin.PostJsonAsync("/api/items/PRT-100/revisions", new { file_hash = hash });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/items/PRT-100/revisions/2", response.Headers.Location?.OriginalString);
        var item = await HttpAssert.JsonAsync(await admin.GetAsync("/api/items/PRT-100"), HttpStatusCode.OK);
        Assert.Equal(2, item.GetProperty("latest_revision").GetInt32());
    }

    [Fact]
    public async Task Create_Revision_AppendsRevisionCreatedEvent()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));

        await CreateRevisionAsync(admin, hash);

        var e = Assert.Single(await EventsAsync(admin, "revision.created"));
        Assert.Equal("PRT-100", e.GetProperty("part_number").GetString());
        Assert.Equal(1, e.GetProperty("data").GetProperty("revision").GetInt32());
        Assert.Equal(hash, e.GetProperty("data").GetProperty("file_hash").GetString());
    }

    [Fact]
    public async Task Create_UppercaseHash_IsStoredLowercase()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));

        var revision = await CreateRevisionAsync(admin, hash.ToUpperInvariant());

        Assert.Equal(hash, revision.GetProperty("file_hash").GetString());
    }

    [Fact]
    public async Task Create_UnknownFileHash_Returns422AndCreatesNothing()
    {
        using var admin = _server.AdminClient();
        var neverUploaded = FilesApiTests.Sha256(FilesApiTests.Bytes(100));

        using var response = await admin.PostJsonAsync("/api/items/PRT-100/revisions", new { file_hash = neverUploaded });

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)422);
        var message = problem.GetProperty("errors").GetProperty("file_hash")[0].GetString();
        Assert.Contains(neverUploaded, message);
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "revisions"));
        Assert.Empty(await EventsAsync(admin, "revision.created"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")]
    [InlineData("../../../../etc/passwd")]
    public async Task Create_MalformedHash_Returns422(string hash)
    {
        using var admin = _server.AdminClient();

        using var response = await admin.PostJsonAsync("/api/items/PRT-100/revisions", new { file_hash = hash });

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file_hash", out _));
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "revisions"));
    }

    [Fact]
    public async Task Create_MissingHash_Returns422()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.PostJsonAsync("/api/items/PRT-100/revisions", new { comment = "no file" });

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file_hash", out _));
    }

    [Fact]
    public async Task Create_CommentWithControlCharacter_Returns422()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));

        using var response = await admin.PostJsonAsync("/api/items/PRT-100/revisions", new { file_hash = hash, comment = "bell\u0007" });

        var problem = await HttpAssert.ProblemAsync(response, (HttpStatusCode)422);
        Assert.True(problem.GetProperty("errors").TryGetProperty("comment", out _));
    }

    [Fact]
    public async Task Create_MultiLineComment_IsAccepted()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));

        var revision = await CreateRevisionAsync(admin, hash, "line one\nline two");

        Assert.Equal("line one\nline two", revision.GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Create_UnknownItem_Returns404()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));

        using var response = await admin.PostJsonAsync("/api/items/NOPE-1/revisions", new { file_hash = hash });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_AsViewer_Returns403()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));
        using var viewer = _server.Client(await _server.CreateUserAsync("vera", "viewer"));

        using var response = await viewer.PostJsonAsync("/api/items/PRT-100/revisions", new { file_hash = hash });

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, await TestDatabase.CountAsync(_server.DataDir, "revisions"));
    }

    [Fact]
    public async Task List_ReturnsOldestFirst()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));
        for (var i = 0; i < 3; i++) await CreateRevisionAsync(admin, hash, $"r{i + 1}");

        using var response = await admin.GetAsync("/api/items/PRT-100/revisions");

        var list = (await HttpAssert.JsonAsync(response, HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], list.Select(r => r.GetProperty("revision").GetInt32()));
        Assert.Equal(["r1", "r2", "r3"], list.Select(r => r.GetProperty("comment").GetString()));
    }

    [Fact]
    public async Task List_UnknownItem_Returns404()
    {
        using var admin = _server.AdminClient();

        await HttpAssert.ProblemAsync(await admin.GetAsync("/api/items/NOPE-1/revisions"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_OneRevision_ReturnsIt()
    {
        using var admin = _server.AdminClient();
        var a = await UploadAsync(admin, FilesApiTests.Bytes(100, seed: 1));
        var b = await UploadAsync(admin, FilesApiTests.Bytes(100, seed: 2));
        await CreateRevisionAsync(admin, a);
        await CreateRevisionAsync(admin, b);

        using var response = await admin.GetAsync("/api/items/PRT-100/revisions/2");

        var revision = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(2, revision.GetProperty("revision").GetInt32());
        Assert.Equal(b, revision.GetProperty("file_hash").GetString());
    }

    [Fact]
    public async Task Get_UnknownRevision_Returns404()
    {
        using var admin = _server.AdminClient();

        var problem = await HttpAssert.ProblemAsync(await admin.GetAsync("/api/items/PRT-100/revisions/7"), HttpStatusCode.NotFound);
        Assert.Contains("7", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Release_Draft_MarksReleasedAndAppendsEvent()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));
        await CreateRevisionAsync(admin, hash);
        _server.Clock.Advance(TimeSpan.FromHours(1));

        using var response = await admin.PostAsync("/api/items/PRT-100/revisions/1/release", null);

        var released = await HttpAssert.JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("released", released.GetProperty("status").GetString());
        Assert.Equal("admin", released.GetProperty("released_by").GetString());
        Assert.Equal(_server.Clock.GetUtcNow(), released.GetProperty("released_at").GetDateTimeOffset());
        var e = Assert.Single(await EventsAsync(admin, "revision.released"));
        Assert.Equal("PRT-100", e.GetProperty("part_number").GetString());
        Assert.Equal(1, e.GetProperty("data").GetProperty("revision").GetInt32());
        Assert.Equal("released", e.GetProperty("data").GetProperty("status").GetString());
        var stored = await HttpAssert.JsonAsync(await admin.GetAsync("/api/items/PRT-100/revisions/1"), HttpStatusCode.OK);
        Assert.Equal("released", stored.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Release_OnlyTheNamedRevision_OthersStayDraft()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));
        for (var i = 0; i < 3; i++) await CreateRevisionAsync(admin, hash);

        using var response = await admin.PostAsync("/api/items/PRT-100/revisions/2/release", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = (await HttpAssert.JsonAsync(await admin.GetAsync("/api/items/PRT-100/revisions"), HttpStatusCode.OK)).EnumerateArray();
        Assert.Equal(["draft", "released", "draft"], list.Select(r => r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Release_Twice_IsIdempotentWithOneEvent()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));
        await CreateRevisionAsync(admin, hash);
        using var first = await admin.PostAsync("/api/items/PRT-100/revisions/1/release", null);
        var firstBody = await HttpAssert.JsonAsync(first, HttpStatusCode.OK);
        _server.Clock.Advance(TimeSpan.FromHours(1));
        using var editor = _server.Client(await _server.CreateUserAsync("erin", "editor"));

        using var second = await editor.PostAsync("/api/items/PRT-100/revisions/1/release", null);

        var secondBody = await HttpAssert.JsonAsync(second, HttpStatusCode.OK);
        Assert.Equal("released", secondBody.GetProperty("status").GetString());
        // The first release stands: same time, same person.
        Assert.Equal(firstBody.GetProperty("released_at").GetDateTimeOffset(), secondBody.GetProperty("released_at").GetDateTimeOffset());
        Assert.Equal("admin", secondBody.GetProperty("released_by").GetString());
        Assert.Single(await EventsAsync(admin, "revision.released"));
    }

    [Fact]
    public async Task Release_UnknownRevision_Returns404()
    {
        using var admin = _server.AdminClient();

        using var response = await admin.PostAsync("/api/items/PRT-100/revisions/1/release", null);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Empty(await EventsAsync(admin, "revision.released"));
    }

    [Fact]
    public async Task Release_AsViewer_Returns403AndStaysDraft()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));
        await CreateRevisionAsync(admin, hash);
        using var viewer = _server.Client(await _server.CreateUserAsync("vera", "viewer"));

        using var response = await viewer.PostAsync("/api/items/PRT-100/revisions/1/release", null);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("draft", await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT status FROM revisions"));
    }

    [Fact]
    public async Task Release_WhileAnotherUserHoldsTheLock_Returns409()
    {
        using var admin = _server.AdminClient();
        var hash = await UploadAsync(admin, FilesApiTests.Bytes(100));
        await CreateRevisionAsync(admin, hash);
        using var alice = _server.Client(await _server.CreateUserAsync("alice", "editor"));
        using var locked = await alice.PostAsync("/api/items/PRT-100/lock", null);
        Assert.Equal(HttpStatusCode.Created, locked.StatusCode);

        using var response = await admin.PostAsync("/api/items/PRT-100/revisions/1/release", null);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("draft", await TestDatabase.ScalarAsync<string>(_server.DataDir, "SELECT status FROM revisions"));
    }
}
